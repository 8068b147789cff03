namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// Distinct counts (buyers, new customers, visits, …) are kept exact under out-of-order events
/// by having whoever knows the facts say which counters it is a member of, before and after an
/// event; the difference is what the scope totals must change by. Counting "+1 on the first
/// purchase" instead would double count when an earlier purchase arrives later.
/// </summary>
public static class KpiMembership
{
    public static IReadOnlySet<KpiKey> None { get; } = new HashSet<KpiKey>();

    /// <summary>+1 for every counter joined, −1 for every counter left.</summary>
    public static IReadOnlyList<KpiDelta> Diff(IReadOnlySet<KpiKey> before, IReadOnlySet<KpiKey> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var deltas = new List<KpiDelta>();
        deltas.AddRange(before.Where(key => !after.Contains(key)).Select(key => key.Delta(-1)));
        deltas.AddRange(after.Where(key => !before.Contains(key)).Select(key => key.Delta(1)));
        return deltas;
    }

    /// <summary>Membership of something counted once, in the buckets of its earliest time.</summary>
    internal static HashSet<KpiKey> Once(string metric, string storefront, string? market, DateTimeOffset at) =>
        [.. KpiScope.For(storefront, market).SelectMany(scope =>
            KpiBucket.EventBuckets(at).Select(bucket => new KpiKey(scope, metric, bucket)))];
}
