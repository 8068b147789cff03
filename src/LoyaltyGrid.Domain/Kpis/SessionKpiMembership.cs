namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// A storefront session counts once, for visits and for convertedSessions, in the buckets of
/// its earliest visit and of its earliest purchase respectively (market included: the market
/// of that earliest event). Counting each session in one bucket keeps conversionRate a share:
/// a session that spans midnight is not a visit on one day and a conversion on two.
/// When an earlier visit or purchase arrives late, the session grain diffs the old and new
/// membership with <see cref="KpiMembership.Diff"/> and the count moves instead of doubling.
/// </summary>
public static class SessionKpiMembership
{
    public static IReadOnlySet<KpiKey> Visit(string storefront, string market, DateTimeOffset firstVisitAt) =>
        KpiMembership.Once(KpiMetrics.Visits, storefront, market, firstVisitAt);

    public static IReadOnlySet<KpiKey> Conversion(string storefront, string market, DateTimeOffset firstPurchaseAt) =>
        KpiMembership.Once(KpiMetrics.ConvertedSessions, storefront, market, firstPurchaseAt);
}
