using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Cli.Replay;

/// <summary>
/// Event ids derived only from the input, so replaying the same file again sends the same ids and
/// the server answers duplicates instead of counting twice.
/// </summary>
public sealed class StableIds(string prefix)
{
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    /// <summary>CDNOW has no order id: customer, day, and the row's place among that customer's rows of that day.</summary>
    public static string CdnowOrderId(string customerPrefix, string customer, string day, int indexInDay) =>
        $"{customerPrefix}{customer}-{day}-{indexInDay}";

    /// <summary>
    /// An id from the event's content (type and every field, in name order): a hash, then
    /// <c>-2</c>, <c>-3</c>… for the second and later rows with the same content, which are
    /// distinct events that happen to look alike (two identical purchases on one day).
    /// </summary>
    public string FromContent(JsonObject entry)
    {
        var canonical = new StringBuilder();
        foreach (var (name, value) in entry.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            canonical.Append(name).Append('=').Append(value?.ToJsonString() ?? "null").Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..24];
        var occurrence = _occurrences[hash] = _occurrences.GetValueOrDefault(hash) + 1;
        return occurrence == 1 ? $"{prefix}{hash}" : $"{prefix}{hash}-{occurrence}";
    }
}
