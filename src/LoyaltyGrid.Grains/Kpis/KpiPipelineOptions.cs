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
    /// How often a grain that still holds unsent contributions is woken by its reminder to send
    /// them, which is what recovers them after the grain's silo died. At least Orleans' minimum
    /// reminder period (one minute by default).
    /// </summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
