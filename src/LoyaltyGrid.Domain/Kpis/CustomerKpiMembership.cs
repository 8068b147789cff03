using System.Globalization;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// The distinct-customer counters one customer is a member of, computed from all its accepted
/// purchases (any order), separately for each scope the purchases touch. A customer grain
/// computes the membership before and after accepting a purchase and emits
/// <see cref="Changes"/>, so a late, earlier purchase moves newCustomers, returningCustomers
/// and the cohort exactly as a recomputation would.
/// </summary>
/// <remarks>
/// In every scope, with <c>first</c> the customer's earliest purchase there:
/// buyers — every day and month with a purchase, and all time;
/// newCustomers — the day, the month and all time of <c>first</c>;
/// returningCustomers — every day and month with a purchase that starts after <c>first</c>;
/// never all time, since no purchase can precede all time (returningCustomerRate is then 0);
/// cohort — cell (month of <c>first</c>, k) for every month k months later with a purchase;
/// customersWithRepeat — all time, with at least two purchases.
/// </remarks>
public static class CustomerKpiMembership
{
    public static IReadOnlySet<KpiKey> Of(IEnumerable<KpiPurchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var timesByScope = new Dictionary<KpiScope, List<DateTimeOffset>>();
        foreach (var purchase in purchases)
        {
            foreach (var scope in KpiScope.For(purchase.Storefront, purchase.Market))
            {
                if (!timesByScope.TryGetValue(scope, out var times))
                {
                    timesByScope.Add(scope, times = []);
                }

                times.Add(purchase.OccurredAt);
            }
        }

        var members = new HashSet<KpiKey>();
        foreach (var (scope, times) in timesByScope)
        {
            AddMemberships(members, scope, times);
        }

        return members;
    }

    /// <summary>The deltas that take the totals from the customer's old purchases to its new ones.</summary>
    public static IReadOnlyList<KpiDelta> Changes(IEnumerable<KpiPurchase> before, IEnumerable<KpiPurchase> after) =>
        KpiMembership.Diff(Of(before), Of(after));

    /// <summary>
    /// The purchase that makes a customer's home: its earliest, ties broken by storefront and
    /// then market (ordinal) so every recomputation picks the same one. Null without purchases.
    /// </summary>
    public static KpiPurchase? HomeOf(IEnumerable<KpiPurchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        return purchases
            .OrderBy(purchase => purchase.OccurredAt)
            .ThenBy(purchase => purchase.Storefront, StringComparer.Ordinal)
            .ThenBy(purchase => purchase.Market, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>
    /// Moves the customer's gauge contributions from what was last emitted to what holds now:
    /// −1 for the old lifecycle stage and tier, +1 for the new, and the change of open
    /// complaints and balance; a change of home moves all of them between scopes. Null for
    /// <paramref name="previous"/> means nothing was emitted yet; null for
    /// <paramref name="current"/> takes the customer out.
    /// </summary>
    public static IReadOnlyList<KpiDelta> GaugeDeltas(CustomerKpiGauge? previous, CustomerKpiGauge? current) =>
        KpiDelta.Compact((previous?.Contributions(-1) ?? []).Concat(current?.Contributions(1) ?? []));

    private static void AddMemberships(HashSet<KpiKey> members, KpiScope scope, List<DateTimeOffset> times)
    {
        var first = times.Min();
        var firstDay = KpiBucket.DayOf(first);
        var firstMonth = KpiBucket.MonthOf(first);

        members.Add(new KpiKey(scope, KpiMetrics.Buyers, KpiBucket.AllTime));
        members.Add(new KpiKey(scope, KpiMetrics.NewCustomers, firstDay));
        members.Add(new KpiKey(scope, KpiMetrics.NewCustomers, firstMonth));
        members.Add(new KpiKey(scope, KpiMetrics.NewCustomers, KpiBucket.AllTime));
        if (times.Count >= 2)
        {
            members.Add(new KpiKey(scope, KpiMetrics.CustomersWithRepeat, KpiBucket.AllTime));
        }

        foreach (var time in times)
        {
            var day = KpiBucket.DayOf(time);
            var month = KpiBucket.MonthOf(time);
            members.Add(new KpiKey(scope, KpiMetrics.Buyers, day));
            members.Add(new KpiKey(scope, KpiMetrics.Buyers, month));

            // first is the earliest, so a different day or month can only be a later one.
            if (day != firstDay)
            {
                members.Add(new KpiKey(scope, KpiMetrics.ReturningCustomers, day));
            }

            if (month != firstMonth)
            {
                members.Add(new KpiKey(scope, KpiMetrics.ReturningCustomers, month));
            }

            members.Add(new KpiKey(scope, KpiMetrics.Cohort, KpiBucket.AllTime, CohortCell(firstMonth, month)));
        }
    }

    internal static string CohortCell(KpiBucket cohortMonth, KpiBucket month) =>
        string.Create(CultureInfo.InvariantCulture, $"{cohortMonth.Key}+{KpiBucket.MonthsBetween(cohortMonth.Start, month.Start)}");
}
