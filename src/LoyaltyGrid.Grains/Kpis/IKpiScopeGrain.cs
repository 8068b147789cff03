using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// The KPI totals of one scope (keyed by <see cref="KpiScope.Key"/>) as the wall and the API read
/// them: a cache of what the KPI projection stored, in memory on one silo.
/// </summary>
public interface IKpiScopeGrain : IGrainWithStringKey
{
    /// <summary>The projection stored <paramref name="version"/> of this scope; reload if it is newer.</summary>
    Task Refresh(long version);

    Task<KpiSnapshot> Snapshot();

    /// <summary>Only the live windows, as of now: what alert rules read, without the buckets and cohorts.</summary>
    Task<KpiLiveSnapshot> Live();

    /// <summary>Moves on with every stored page that touched the scope; the hub compares it to decide whether to push.</summary>
    Task<long> Version();
}
