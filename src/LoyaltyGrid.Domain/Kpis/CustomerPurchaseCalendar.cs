using LoyaltyGrid.Domain.Prediction;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// What the distinct-customer KPIs need of one customer's purchases, in a size that does not
/// grow with its history: per scope the first purchase, how many there were, and the days and
/// months with a purchase from the customer's purchase horizon on. The changes it emits are the
/// ones <see cref="CustomerKpiMembership.Changes"/> computes over every purchase.
/// </summary>
/// <remarks>
/// A customer refuses purchases at or before its horizon (the spend their tier needs is gone),
/// so days and months that end before it can never gain a purchase again: their memberships
/// stay as they were emitted, and forgetting them changes no difference taken afterwards. An
/// earlier first purchase can only arrive while the scope's purchases are all after the
/// horizon, so that case still sees every purchase of the scope.
/// </remarks>
public sealed class CustomerPurchaseCalendar
{
    /// <summary>By <see cref="KpiScope.Key"/>.</summary>
    public Dictionary<string, ScopePurchases> Scopes { get; set; } = new();

    /// <summary>The purchase that makes the customer's home (<see cref="CustomerKpiMembership.HomeOf"/>).</summary>
    public KpiPurchase? Home { get; set; }

    /// <summary>The calendar of purchases known so far (state written before calendars existed).</summary>
    public static CustomerPurchaseCalendar Of(IEnumerable<KpiPurchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var calendar = new CustomerPurchaseCalendar();
        foreach (var purchase in purchases.OrderBy(purchase => purchase.OccurredAt))
        {
            calendar.Add(purchase);
        }

        return calendar;
    }

    /// <summary>Adds an accepted purchase and returns the membership changes it makes.</summary>
    public IReadOnlyList<KpiDelta> Add(KpiPurchase purchase)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        if (Home is null || IsBefore(purchase, Home))
        {
            Home = purchase;
        }

        var deltas = new List<KpiDelta>();
        foreach (var scope in KpiScope.For(purchase.Storefront, purchase.Market))
        {
            if (!Scopes.TryGetValue(scope.Key, out var purchases))
            {
                Scopes.Add(scope.Key, purchases = new ScopePurchases { First = purchase.OccurredAt });
            }

            purchases.Add(scope, purchase.OccurredAt, deltas);
        }

        return deltas;
    }

    /// <summary>Forgets days and months that end at or before <paramref name="horizon"/>: no purchase can be accepted in them any more.</summary>
    public void ForgetBefore(DateTimeOffset horizon)
    {
        foreach (var purchases in Scopes.Values)
        {
            purchases.ForgetBefore(horizon);
        }
    }

    /// <summary>
    /// The customer's distinct purchase days before <paramref name="asOf"/>, for the repurchase
    /// model; forgotten days are all long before any server time. Null without such a purchase.
    /// </summary>
    public PurchaseDays? DaysBefore(DateTimeOffset asOf)
    {
        if (!Scopes.TryGetValue(KpiScope.Grid.Key, out var grid) || grid.First >= asOf)
        {
            return null;
        }

        var count = grid.ForgottenDays;
        DateOnly? last = grid.LastForgottenDay;
        foreach (var earliest in grid.Days)
        {
            if (earliest < asOf)
            {
                count++;
                last = DayOf(earliest);
            }
        }

        return new PurchaseDays(count, DayOf(grid.First), last ?? DayOf(grid.First));
    }

    internal static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    private static bool IsBefore(KpiPurchase candidate, KpiPurchase home)
    {
        var byTime = candidate.OccurredAt.CompareTo(home.OccurredAt);
        if (byTime != 0)
        {
            return byTime < 0;
        }

        var byStorefront = string.CompareOrdinal(candidate.Storefront, home.Storefront);
        return byStorefront != 0 ? byStorefront < 0 : string.CompareOrdinal(candidate.Market, home.Market) < 0;
    }
}

/// <summary>One scope of a <see cref="CustomerPurchaseCalendar"/>.</summary>
public sealed class ScopePurchases
{
    public DateTimeOffset First { get; set; }

    public long Count { get; set; }

    /// <summary>The earliest purchase of each day with one, ascending, from the days not yet forgotten.</summary>
    public List<DateTimeOffset> Days { get; set; } = [];

    /// <summary>The first day of each month with a purchase, ascending, from the months not yet forgotten.</summary>
    public List<DateOnly> Months { get; set; } = [];

    public int ForgottenDays { get; set; }

    public DateOnly? LastForgottenDay { get; set; }

    internal void Add(KpiScope scope, DateTimeOffset at, List<KpiDelta> deltas)
    {
        if (Count > 0 && at < First)
        {
            // The first purchase moves: new-customer buckets, returning days and every cohort cell
            // are relative to it, so the memberships are taken whole before and after.
            var before = Memberships(scope);
            First = at;
            Record(at);
            deltas.AddRange(KpiMembership.Diff(before, Memberships(scope)));
            return;
        }

        var firstDay = KpiBucket.DayOf(First);
        var firstMonth = KpiBucket.MonthOf(First);
        if (Count == 0)
        {
            deltas.Add(new KpiKey(scope, KpiMetrics.Buyers, KpiBucket.AllTime).Delta(1));
            deltas.Add(new KpiKey(scope, KpiMetrics.NewCustomers, firstDay).Delta(1));
            deltas.Add(new KpiKey(scope, KpiMetrics.NewCustomers, firstMonth).Delta(1));
            deltas.Add(new KpiKey(scope, KpiMetrics.NewCustomers, KpiBucket.AllTime).Delta(1));
        }
        else if (Count == 1)
        {
            deltas.Add(new KpiKey(scope, KpiMetrics.CustomersWithRepeat, KpiBucket.AllTime).Delta(1));
        }

        var (newDay, newMonth) = Record(at);
        if (newDay)
        {
            var day = KpiBucket.DayOf(at);
            deltas.Add(new KpiKey(scope, KpiMetrics.Buyers, day).Delta(1));
            if (day != firstDay)
            {
                deltas.Add(new KpiKey(scope, KpiMetrics.ReturningCustomers, day).Delta(1));
            }
        }

        if (newMonth)
        {
            var month = KpiBucket.MonthOf(at);
            deltas.Add(new KpiKey(scope, KpiMetrics.Buyers, month).Delta(1));
            if (month != firstMonth)
            {
                deltas.Add(new KpiKey(scope, KpiMetrics.ReturningCustomers, month).Delta(1));
            }

            deltas.Add(new KpiKey(scope, KpiMetrics.Cohort, KpiBucket.AllTime, CustomerKpiMembership.CohortCell(firstMonth, month)).Delta(1));
        }
    }

    internal void ForgetBefore(DateTimeOffset horizon)
    {
        var keptDay = CustomerPurchaseCalendar.DayOf(horizon);
        var forgotten = Days.FindIndex(earliest => CustomerPurchaseCalendar.DayOf(earliest) >= keptDay);
        forgotten = forgotten < 0 ? Days.Count : forgotten;
        if (forgotten > 0)
        {
            ForgottenDays += forgotten;
            LastForgottenDay = CustomerPurchaseCalendar.DayOf(Days[forgotten - 1]);
            Days.RemoveRange(0, forgotten);
        }

        var keptMonth = KpiBucket.MonthOf(horizon).Start;
        Months.RemoveAll(month => month < keptMonth);
    }

    /// <summary>Records a purchase; says whether its day and its month had none before.</summary>
    private (bool NewDay, bool NewMonth) Record(DateTimeOffset at)
    {
        Count++;
        var day = CustomerPurchaseCalendar.DayOf(at);
        // Purchases mostly arrive in order, so the search starts from the latest day.
        var index = Days.Count;
        while (index > 0 && CustomerPurchaseCalendar.DayOf(Days[index - 1]) > day)
        {
            index--;
        }

        var newDay = index == 0 || CustomerPurchaseCalendar.DayOf(Days[index - 1]) != day;
        if (newDay)
        {
            Days.Insert(index, at);
        }
        else if (at < Days[index - 1])
        {
            Days[index - 1] = at;
        }

        var month = KpiBucket.MonthOf(at).Start;
        var monthIndex = Months.Count;
        while (monthIndex > 0 && Months[monthIndex - 1] > month)
        {
            monthIndex--;
        }

        var newMonth = monthIndex == 0 || Months[monthIndex - 1] != month;
        if (newMonth)
        {
            Months.Insert(monthIndex, month);
        }

        return (newDay, newMonth);
    }

    // Only reached while no day or month of the scope was forgotten (see the class remarks).
    private HashSet<KpiKey> Memberships(KpiScope scope)
    {
        var firstDay = KpiBucket.DayOf(First);
        var firstMonth = KpiBucket.MonthOf(First);
        var members = new HashSet<KpiKey>
        {
            new(scope, KpiMetrics.Buyers, KpiBucket.AllTime),
            new(scope, KpiMetrics.NewCustomers, firstDay),
            new(scope, KpiMetrics.NewCustomers, firstMonth),
            new(scope, KpiMetrics.NewCustomers, KpiBucket.AllTime),
        };
        if (Count >= 2)
        {
            members.Add(new KpiKey(scope, KpiMetrics.CustomersWithRepeat, KpiBucket.AllTime));
        }

        foreach (var earliest in Days)
        {
            var day = KpiBucket.DayOf(earliest);
            members.Add(new KpiKey(scope, KpiMetrics.Buyers, day));
            if (day != firstDay)
            {
                members.Add(new KpiKey(scope, KpiMetrics.ReturningCustomers, day));
            }
        }

        foreach (var start in Months)
        {
            var month = KpiBucket.Month(start.Year, start.Month);
            members.Add(new KpiKey(scope, KpiMetrics.Buyers, month));
            if (month != firstMonth)
            {
                members.Add(new KpiKey(scope, KpiMetrics.ReturningCustomers, month));
            }

            members.Add(new KpiKey(scope, KpiMetrics.Cohort, KpiBucket.AllTime, CustomerKpiMembership.CohortCell(firstMonth, month)));
        }

        return members;
    }
}
