namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>The <c>Storage:GroupCommit</c> configuration section.</summary>
public sealed class GroupCommitOptions
{
    private const string SectionName = "Storage:GroupCommit";

    /// <summary>
    /// How long the first write of a batch waits for others to join it. While a batch is being
    /// committed the next one gathers anyway, so this only matters when writes are sparse: it is the
    /// latency a lone write pays in exchange for company.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The most grain writes one transaction carries; a full batch goes without waiting out the window.</summary>
    public int MaxBatch { get; set; } = 500;

    public void Validate()
    {
        if (Window < TimeSpan.Zero || Window > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, $"{SectionName}:Window must be between 0 and 10 seconds.");
        }

        if (MaxBatch is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, $"{SectionName}:MaxBatch must be between 1 and 100000.");
        }
    }
}
