using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// A customer's part of the "as of now" KPIs, which the customer grain keeps as last emitted
/// so the next change can be sent as a difference (<see cref="CustomerKpiMembership.GaugeDeltas"/>).
/// </summary>
/// <remarks>
/// A customer is counted in the grid and in the storefront, market and storefront × market of
/// its home (the place of its first purchase), never in every place it bought: that way each
/// customer, and each point of the liability, is counted once per scope kind, and the
/// storefronts (or markets) add up to the grid. A customer without purchases has no home and
/// is counted in the grid only (as a prospect). pointsOutstanding follows the same rule: the
/// balance is one wallet for the whole grid, so it is booked where the customer belongs.
/// </remarks>
public sealed record CustomerKpiGauge(
    LifecycleStage Lifecycle,
    Tier Tier,
    int OpenComplaints,
    long PointsOutstanding,
    string? HomeStorefront,
    string? HomeMarket)
{
    public static CustomerKpiGauge Of(
        LifecycleStage lifecycle, Tier tier, int openComplaints, long pointsOutstanding, IEnumerable<KpiPurchase> purchases) =>
        Of(lifecycle, tier, openComplaints, pointsOutstanding, CustomerKpiMembership.HomeOf(purchases));

    /// <summary>With the home purchase already known (<see cref="CustomerPurchaseCalendar.Home"/>).</summary>
    public static CustomerKpiGauge Of(
        LifecycleStage lifecycle, Tier tier, int openComplaints, long pointsOutstanding, KpiPurchase? home) =>
        new(lifecycle, tier, openComplaints, pointsOutstanding, home?.Storefront, home?.Market);

    [JsonIgnore]
    public IReadOnlyList<KpiScope> Scopes =>
        HomeStorefront is null ? [KpiScope.Grid] : KpiScope.For(HomeStorefront, HomeMarket);

    internal IEnumerable<KpiDelta> Contributions(int sign) => Scopes.SelectMany(scope => new[]
    {
        new KpiDelta(scope, KpiMetrics.Lifecycle, KpiBucket.Now, Lifecycle.ToApiName(), sign),
        new KpiDelta(scope, KpiMetrics.Tiers, KpiBucket.Now, Tier.ToString(), sign),
        new KpiDelta(scope, KpiMetrics.OpenComplaints, KpiBucket.Now, null, sign * OpenComplaints),
        new KpiDelta(scope, KpiMetrics.PointsOutstanding, KpiBucket.Now, null, sign * PointsOutstanding),
    });
}
