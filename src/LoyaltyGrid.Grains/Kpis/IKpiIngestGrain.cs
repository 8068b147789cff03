namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// The per-silo pre-aggregator between the grains that emit KPI contributions and the scope
/// grains that keep the totals, so that no scope (above all the grid) is called once per event.
/// </summary>
public interface IKpiIngestGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Completes when every scope the contributions touch has stored them. A source submits its
    /// whole unacknowledged outbox at a time, in order, and one submission at a time.
    /// </summary>
    Task Submit(IReadOnlyList<KpiContribution> contributions);
}
