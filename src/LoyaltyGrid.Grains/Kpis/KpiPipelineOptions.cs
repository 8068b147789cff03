namespace LoyaltyGrid.Grains.Kpis;

/// <summary>The <c>Kpis</c> configuration section.</summary>
public sealed class KpiPipelineOptions
{
    public const string SectionName = "Kpis";

    /// <summary>How long the pre-aggregator gathers contributions before it flushes them.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A batch flushes early once it holds this many contributions.</summary>
    public int MaxBatchContributions { get; set; } = 20_000;

    /// <summary>
    /// How long a stored outbox may owe messages before the sweeper wakes its grain, and how often
    /// the sweeper looks: what recovers messages after the grain's silo died. At least Orleans'
    /// minimum reminder period (one minute by default), and longer than <see cref="SettleDelay"/>.
    /// </summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after delivering a grain stores its emptied outbox, so that a burst of events shares one write.</summary>
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(5);
}
