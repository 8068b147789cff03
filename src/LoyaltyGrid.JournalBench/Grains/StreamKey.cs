namespace LoyaltyGrid.JournalBench.Grains;

internal static class StreamKey
{
    // A prefix of its own per grain kind, so the two kinds never share a stream in the journal.
    public static string Plain(string id) => $"bp:{id}";

    public static string Journaled(string id) => $"bj:{id}";

    public static string JournaledChecked(string id) => $"bk:{id}";

    public static string Of(string kind, string id) => kind switch
    {
        "plain" => Plain(id),
        "journaled" => Journaled(id),
        _ => JournaledChecked(id),
    };
}
