namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// A storefront session counts once: for visits in the buckets (and market) of its earliest
/// visit, for convertedSessions in those of its earliest purchase. Bucketing both by the
/// session's first moment, as the session grain already remembers it, keeps conversionRate a
/// comparison of the same sessions rather than of a session's every purchase day. When an
/// earlier visit or purchase arrives late, the session grain diffs the old and new membership
/// with <see cref="KpiMembership.Diff"/>, so the count moves instead of doubling.
/// </summary>
public static class SessionKpiMembership
{
    public static IReadOnlySet<KpiKey> Visit(string storefront, string market, DateTimeOffset firstVisitAt) =>
        KpiMembership.Once(KpiMetrics.Visits, storefront, market, firstVisitAt);

    public static IReadOnlySet<KpiKey> Conversion(string storefront, string market, DateTimeOffset firstPurchaseAt) =>
        KpiMembership.Once(KpiMetrics.ConvertedSessions, storefront, market, firstPurchaseAt);
}
