using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Kpis.Oracle;

/// <summary>
/// The KPIs computed the way kpis.md reads, straight from the accepted events, as a SQL query
/// over them would: filter by scope and bucket, group by, count distinct, min. It shares no
/// code with the aggregate beyond the record types it fills in and the rules' own policies
/// (lifecycle stage, tier) that define the gauges.
/// </summary>
internal sealed class Recomputation
{
    private readonly LoyaltyRules _rules;
    private readonly DateTimeOffset _now;
    private readonly List<(Bought E, DateTimeOffset AcceptedAt)> _purchases;
    private readonly Dictionary<string, Bought> _orders;
    private readonly List<(Refunded E, DateTimeOffset AcceptedAt)> _refunds;
    private readonly List<(Visited E, DateTimeOffset AcceptedAt)> _visits;
    private readonly List<(Complained E, DateTimeOffset AcceptedAt)> _complaints;
    private readonly List<Answered> _answers;
    private readonly List<(Reviewed E, DateTimeOffset AcceptedAt)> _reviews;
    private readonly List<LedgerRow> _ledger;
    private readonly List<BreachRow> _breaches;
    private readonly List<string> _customers;

    public Recomputation(GridSimulation simulation, LoyaltyRules rules, DateTimeOffset now)
    {
        _rules = rules;
        _now = now;
        var accepted = simulation.Accepted;
        _purchases = Of<Bought>(accepted);
        _orders = _purchases.ToDictionary(p => p.E.Id, p => p.E);
        _refunds = Of<Refunded>(accepted);
        _visits = Of<Visited>(accepted);
        _complaints = Of<Complained>(accepted);
        _answers = [.. Of<Answered>(accepted).Select(x => x.E)];
        _reviews = Of<Reviewed>(accepted);
        _ledger = simulation.Ledger;
        _breaches = simulation.Breaches;
        _customers = [.. simulation.Customers];
    }

    /// <summary>Every scope any accepted event or customer home touches.</summary>
    public IEnumerable<KpiScope> Scopes =>
        _purchases.SelectMany(p => KpiScope.For(p.E.Storefront, p.E.Market))
            .Concat(_visits.SelectMany(v => KpiScope.For(v.E.Storefront, v.E.Market)))
            .Concat(_complaints.SelectMany(c => KpiScope.For(c.E.Storefront, c.E.Market)))
            .Append(KpiScope.Grid)
            .Distinct();

    public KpiSnapshot Snapshot(KpiScope scope)
    {
        var purchases = _purchases.Where(p => In(scope, p.E.Storefront, p.E.Market)).Select(p => p.E).ToList();
        var byCustomer = purchases.GroupBy(p => p.Customer).ToList();
        var gauges = _customers.Select(Gauge).Where(g => g.Scopes.Contains(scope)).ToList();
        return new KpiSnapshot(
            scope.Key,
            Period(scope, KpiBucket.AllTime),
            Period(scope, KpiBucket.DayOf(_now)),
            Period(scope, KpiBucket.MonthOf(_now)),
            Ratio(byCustomer.Count(g => g.Count() >= 2), byCustomer.Count),
            Live(scope),
            Cohorts(byCustomer),
            Enum.GetValues<LifecycleStage>().ToDictionary(s => s.ToApiName(), s => (long)gauges.Count(g => g.Stage == s)),
            Enum.GetValues<Tier>().ToDictionary(t => t.ToString(), t => (long)gauges.Count(g => g.Tier == t)),
            gauges.Sum(g => g.Open),
            gauges.Sum(g => g.Balance),
            _now);
    }

    /// <summary>The nearest-rank p90 of each duration, in hours: the value the histogram's estimate must be within 1 % of.</summary>
    public (decimal FirstResponse, decimal Resolution) ExactP90(KpiScope scope, KpiBucket bucket) =>
        (P90(Durations(scope, bucket, resolution: false)), P90(Durations(scope, bucket, resolution: true)));

    private KpiPeriodSnapshot Period(KpiScope scope, KpiBucket bucket)
    {
        var purchases = _purchases.Select(p => p.E).Where(p => In(scope, p.Storefront, p.Market)).ToList();
        var inBucket = purchases.Where(p => In(bucket, p.At)).ToList();
        var firstByCustomer = purchases.GroupBy(p => p.Customer).ToDictionary(g => g.Key, g => g.Min(p => p.At));
        var buyers = inBucket.Select(p => p.Customer).Distinct().ToList();
        var returning = buyers.Count(c => firstByCustomer[c] < StartOf(bucket));
        var flows = Flows(scope, bucket, _ => true);
        var (firstResponse, resolution) = (Durations(scope, bucket, resolution: false), Durations(scope, bucket, resolution: true));

        return new KpiPeriodSnapshot(
            flows.Visits,
            flows.Orders,
            buyers.Count,
            Money(flows.Gross),
            flows.Refunds,
            Money(flows.Refunded),
            Money(flows.Gross - flows.Refunded),
            Money(Ratio(flows.Gross, flows.Orders)),
            flows.Converted,
            Ratio(flows.Converted, flows.Visits),
            Ratio(flows.Refunds, flows.Orders),
            firstByCustomer.Values.Count(first => In(bucket, first)),
            returning,
            Ratio(returning, buyers.Count),
            flows.Complaints,
            Ratio(flows.Complaints.Total, flows.Orders),
            Stats(firstResponse),
            Stats(resolution),
            SlaBreaches(scope, bucket),
            flows.Reviews,
            Ratio(flows.RatingSum, flows.Reviews),
            Ratio(flows.Csat, flows.Reviews),
            flows.Points[KpiMetrics.PointsIssued],
            flows.Points[KpiMetrics.PointsRedeemed],
            flows.Points[KpiMetrics.PointsExpired],
            flows.Points[KpiMetrics.PointsReversed],
            // The simulated grid sends no surveys and no feedback text, makes no claims and redeems no coupons:
            // those figures stay zero (FeedbackKpiTests and the reward API tests cover them).
            Sentiment: KpiSentimentCounts.None,
            RewardsClaimed: 0,
            CouponsRedeemed: 0);
    }

    private KpiLiveSnapshot Live(KpiScope scope)
    {
        var current = new DateTimeOffset(_now.UtcTicks - _now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        KpiLiveWindow Window(int minutes)
        {
            var (from, to) = (current.AddMinutes(1 - minutes), current.AddMinutes(1));
            return LiveWindow(scope, from, to);
        }

        var perMinute = Enumerable.Range(0, 60).Select(i => current.AddMinutes(i - 59)).Select(m => LiveWindow(scope, m, m.AddMinutes(1))).ToList();
        return new KpiLiveSnapshot(Window(5), Window(60), perMinute);
    }

    private KpiLiveWindow LiveWindow(KpiScope scope, DateTimeOffset from, DateTimeOffset to)
    {
        bool Accepted(DateTimeOffset acceptedAt) => acceptedAt >= from && acceptedAt < to;
        var flows = Flows(scope, KpiBucket.AllTime, Accepted);
        var breaches = _breaches.Where(b => In(scope, b.Storefront, b.Market) && Accepted(b.AcceptedAt)).Sum(b => b.Change);
        return new KpiLiveWindow(
            from,
            to,
            flows.Visits,
            flows.Orders,
            Money(flows.Gross),
            flows.Refunds,
            Money(flows.Refunded),
            Money(flows.Gross - flows.Refunded),
            Money(Ratio(flows.Gross, flows.Orders)),
            flows.Converted,
            Ratio(flows.Converted, flows.Visits),
            Ratio(flows.Refunds, flows.Orders),
            flows.Complaints,
            Ratio(flows.Complaints.Total, flows.Orders),
            breaches,
            flows.Reviews,
            Ratio(flows.RatingSum, flows.Reviews),
            Ratio(flows.Csat, flows.Reviews),
            flows.Points[KpiMetrics.PointsIssued],
            flows.Points[KpiMetrics.PointsRedeemed],
            flows.Points[KpiMetrics.PointsExpired],
            flows.Points[KpiMetrics.PointsReversed],
            // The simulated grid sends no surveys and no feedback text, makes no claims and redeems no coupons:
            // those figures stay zero (FeedbackKpiTests and the reward API tests cover them).
            Sentiment: KpiSentimentCounts.None,
            RewardsClaimed: 0,
            CouponsRedeemed: 0);
    }

    // The additive KPIs of events whose time falls in the bucket and whose acceptance passes the
    // filter. A session counts once, in the bucket of its earliest visit (or purchase), and live
    // when the first of them was accepted.
    private (long Visits, long Orders, decimal Gross, long Refunds, decimal Refunded, long Converted, KpiComplaintCounts Complaints,
        long Reviews, decimal RatingSum, long Csat, Dictionary<string, long> Points) Flows(
        KpiScope scope, KpiBucket bucket, Func<DateTimeOffset, bool> accepted)
    {
        var orders = _purchases.Where(p => In(scope, p.E.Storefront, p.E.Market) && In(bucket, p.E.At) && accepted(p.AcceptedAt)).ToList();
        var refunds = _refunds
            .Select(r => (r.E, r.AcceptedAt, Order: _orders[r.E.OrderId]))
            .Where(r => In(scope, r.Order.Storefront, r.Order.Market) && In(bucket, r.E.At) && accepted(r.AcceptedAt))
            .ToList();
        var visits = Sessions(_visits.Select(v => (v.E.Storefront, v.E.SessionId, v.E.Market, v.E.At, v.AcceptedAt)), scope, bucket, accepted);
        var converted = Sessions(
            _purchases.Where(p => p.E.SessionId is not null).Select(p => (p.E.Storefront, p.E.SessionId!, p.E.Market, p.E.At, p.AcceptedAt)),
            scope,
            bucket,
            accepted);
        var complaints = _complaints.Where(c => In(scope, c.E.Storefront, c.E.Market) && In(bucket, c.E.At) && accepted(c.AcceptedAt)).ToList();
        var byCategory = Enum.GetValues<ComplaintCategory>()
            .ToDictionary(category => category.ToApiName(), category => (long)complaints.Count(c => c.E.Category == category));
        var reviews = _reviews.Where(r => In(scope, r.E.Storefront, r.E.Market) && In(bucket, r.E.At) && accepted(r.AcceptedAt)).ToList();
        var ledger = _ledger.Where(l => In(scope, l.Storefront, l.Market) && In(bucket, l.Movement.OccurredAt) && accepted(l.AcceptedAt)).ToList();
        long Points(Func<PointMovementKind, bool> kind) => ledger.Where(l => kind(l.Movement.Kind)).Sum(l => Math.Abs(l.Movement.Points));

        return (
            visits,
            orders.Count,
            orders.Sum(p => p.E.Amount),
            refunds.Count,
            refunds.Sum(r => r.E.Amount),
            converted,
            new KpiComplaintCounts(complaints.Count, byCategory),
            reviews.Count,
            reviews.Sum(r => r.E.Rating),
            reviews.Count(r => r.E.Rating >= 4),
            new Dictionary<string, long>
            {
                [KpiMetrics.PointsIssued] = Points(k => k is PointMovementKind.Earn or PointMovementKind.Review or PointMovementKind.Referral),
                [KpiMetrics.PointsRedeemed] = Points(k => k == PointMovementKind.Redeem),
                [KpiMetrics.PointsExpired] = Points(k => k == PointMovementKind.Expire),
                [KpiMetrics.PointsReversed] = Points(k => k == PointMovementKind.Reverse),
            });
    }

    private long Sessions(
        IEnumerable<(string Storefront, string SessionId, string Market, DateTimeOffset At, DateTimeOffset AcceptedAt)> rows,
        KpiScope scope,
        KpiBucket bucket,
        Func<DateTimeOffset, bool> accepted) =>
        rows.GroupBy(r => (r.Storefront, r.SessionId))
            .Select(g => (
                First: g.OrderBy(r => r.At).ThenBy(r => r.Market, StringComparer.Ordinal).First(),
                FirstAccepted: g.Min(r => r.AcceptedAt)))
            .Count(s => In(scope, s.First.Storefront, s.First.Market) && In(bucket, s.First.At) && accepted(s.FirstAccepted));

    // A complaint's first answer is its earliest response or resolution (a resolution answers
    // too); its resolution the earliest resolution. Each counts in the bucket of that answer.
    private List<decimal> Durations(KpiScope scope, KpiBucket bucket, bool resolution) =>
        _complaints.Where(c => In(scope, c.E.Storefront, c.E.Market))
            .Select(c => (Opened: c.E.At, Answer: _answers
                .Where(a => a.ComplaintId == c.E.Id && (a.Resolves || !resolution))
                .Select(a => (DateTimeOffset?)a.At)
                .Min()))
            .Where(c => c.Answer is { } answer && In(bucket, answer))
            .Select(c => (c.Answer!.Value - c.Opened).Ticks / (decimal)TimeSpan.TicksPerSecond)
            .ToList();

    // A target is breached when its answer came after the deadline, or none came and the
    // deadline has passed; the breach counts in the bucket of the deadline.
    private long SlaBreaches(KpiScope scope, KpiBucket bucket)
    {
        long breaches = 0;
        foreach (var (complaint, _) in _complaints.Where(c => In(scope, c.E.Storefront, c.E.Market)))
        {
            var answers = _answers.Where(a => a.ComplaintId == complaint.Id).ToList();
            var firstAnswer = answers.Select(a => (DateTimeOffset?)a.At).Min();
            var resolved = answers.Where(a => a.Resolves).Select(a => (DateTimeOffset?)a.At).Min();
            foreach (var (target, met) in new[] { (_rules.Complaints.FirstResponseTarget, firstAnswer), (_rules.Complaints.ResolutionTarget, resolved) })
            {
                var deadline = complaint.At + target;
                if ((met is { } at ? at > deadline : _now > deadline) && In(bucket, deadline))
                {
                    breaches++;
                }
            }
        }

        return breaches;
    }

    private List<KpiCohortRow> Cohorts(List<IGrouping<string, Bought>> byCustomer)
    {
        static DateOnly MonthOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1);
        static int Between(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month;

        var cells = byCustomer
            .SelectMany(g => g.Select(p => MonthOf(p.At)).Distinct().Select(month => (Cohort: MonthOf(g.Min(p => p.At)), Month: month)))
            .GroupBy(x => x.Cohort)
            .OrderBy(g => g.Key);
        return
        [
            .. cells.Select(cohort =>
            {
                var counts = cohort.GroupBy(x => Between(cohort.Key, x.Month)).ToDictionary(g => g.Key, g => (long)g.Count());
                var last = Math.Max(counts.Keys.Max(), Between(cohort.Key, MonthOf(_now)));
                return new KpiCohortRow(
                    cohort.Key.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                    counts[0],
                    [
                        .. Enumerable.Range(0, last + 1).Select(k => new KpiCohortCell(
                            k,
                            cohort.Key.AddMonths(k).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                            counts.GetValueOrDefault(k),
                            Ratio(counts.GetValueOrDefault(k), counts[0]))),
                    ]);
            }),
        ];
    }

    // Each customer as of now, counted in the grid and at its home: the place of its earliest
    // purchase (ties by storefront, then market); without purchases, in the grid only.
    private (LifecycleStage Stage, Tier Tier, long Open, long Balance, IReadOnlyList<KpiScope> Scopes) Gauge(string customer)
    {
        var purchases = _purchases.Select(p => p.E).Where(p => p.Customer == customer).ToList();
        var home = purchases.OrderBy(p => p.At).ThenBy(p => p.Storefront, StringComparer.Ordinal).ThenBy(p => p.Market, StringComparer.Ordinal).FirstOrDefault();
        var spend = purchases.Select(p => new SpendEntry(p.At, p.Amount))
            .Concat(_refunds.Where(r => r.E.Customer == customer).Select(r => new SpendEntry(r.E.At, -r.E.Amount)));
        var open = _complaints.Count(c => c.E.Customer == customer && !_answers.Any(a => a.ComplaintId == c.E.Id && a.Resolves));
        return (
            new LifecyclePolicy(_rules.Lifecycle).StageOf(purchases.Count, purchases.Count == 0 ? null : purchases.Max(p => p.At), _now),
            new TierPolicy(_rules).TierAsOf(spend, _now),
            open,
            _ledger.Where(l => l.Customer == customer).Sum(l => l.Movement.Points),
            home is null ? [KpiScope.Grid] : KpiScope.For(home.Storefront, home.Market));
    }

    private static KpiDurationStats Stats(List<decimal> seconds) =>
        seconds.Count == 0
            ? new KpiDurationStats(0, 0, 0)
            : new KpiDurationStats(seconds.Count, seconds.Sum() / (seconds.Count * 3600m), P90(seconds));

    // The p90 field is checked against this within 1 %, not for equality (see the test).
    private static decimal P90(List<decimal> seconds)
    {
        if (seconds.Count == 0)
        {
            return 0;
        }

        var sorted = seconds.Order().ToList();
        return sorted[(int)Math.Ceiling(0.9 * sorted.Count) - 1] / 3600m;
    }

    private static bool In(KpiScope scope, string storefront, string? market) => KpiScope.For(storefront, market).Contains(scope);

    private static bool In(KpiBucket bucket, DateTimeOffset at) => bucket.Kind switch
    {
        KpiBucketKind.AllTime => true,
        KpiBucketKind.Day => DateOnly.FromDateTime(at.UtcDateTime) == bucket.Start,
        _ => at.UtcDateTime.Year == bucket.Start.Year && at.UtcDateTime.Month == bucket.Start.Month,
    };

    private static DateTimeOffset StartOf(KpiBucket bucket) =>
        bucket.Kind == KpiBucketKind.AllTime ? DateTimeOffset.MinValue : new DateTimeOffset(bucket.Start, TimeOnly.MinValue, TimeSpan.Zero);

    private static decimal Ratio(decimal numerator, decimal denominator) => denominator == 0 ? 0 : numerator / denominator;

    private static decimal Money(decimal amount) => CurrencyConverter.RoundMoney(amount);

    private static List<(T E, DateTimeOffset AcceptedAt)> Of<T>(IEnumerable<(WorldEvent Event, DateTimeOffset AcceptedAt)> accepted)
        where T : WorldEvent =>
        [.. accepted.Where(x => x.Event is T).Select(x => ((T)x.Event, x.AcceptedAt))];
}
