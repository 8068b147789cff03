namespace LoyaltyGrid.JournalBench.Grains;

/// <summary>
/// A points balance folded from <see cref="PointsEarned"/> events, with the latest event ids (as
/// customers keep theirs) so that a retry is answered from memory.
/// </summary>
[GenerateSerializer]
public sealed class PointsState
{
    /// <summary>As many ids as CustomerGrain keeps (Customers:RecentEvents).</summary>
    public const int RecentLimit = 64;

    [Id(0)]
    public long Balance { get; set; }

    [Id(1)]
    public long Events { get; set; }

    [Id(2)]
    public List<string> Recent { get; set; } = [];

    // JournaledGrain finds the transition by this name; the plain grain calls it itself.
    public void Apply(PointsEarned earned)
    {
        ArgumentNullException.ThrowIfNull(earned);
        Balance += earned.Points;
        Events++;
        Recent.Add(earned.EventId);
        if (Recent.Count > RecentLimit)
        {
            Recent.RemoveAt(0);
        }
    }
}
