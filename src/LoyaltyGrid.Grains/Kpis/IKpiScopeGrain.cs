using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>The KPI totals of one scope (keyed by <see cref="KpiScope.Key"/>).</summary>
public interface IKpiScopeGrain : IGrainWithStringKey
{
    /// <summary>Applies what it has not applied yet, and stores it, before returning.</summary>
    Task Apply(IReadOnlyList<KpiScopeEntry> entries);

    Task<KpiSnapshot> Snapshot();

    /// <summary>Moves on with every applied batch; the hub compares it to decide whether to push.</summary>
    Task<long> Version();
}
