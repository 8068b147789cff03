namespace LoyaltyGrid.Grains.Customers;

/// <summary>How a customer grain uses the journal (section <c>Customers</c>).</summary>
public sealed class CustomerJournalOptions
{
    public const string SectionName = "Customers";

    /// <summary>A snapshot is stored after this many events (and on deactivation): the longest tail an activation replays.</summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>How many of the latest event ids a customer answers retries of from memory; older ones cost a journal read.</summary>
    public int RecentEvents { get; set; } = 64;
}
