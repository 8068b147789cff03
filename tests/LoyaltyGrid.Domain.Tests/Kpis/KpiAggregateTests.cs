using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tiers;
using static LoyaltyGrid.Domain.Tests.Kpis.CustomerKpiMembershipTests;
using static LoyaltyGrid.Domain.Tests.Kpis.KpiText;

namespace LoyaltyGrid.Domain.Tests.Kpis;

public class KpiAggregateTests
{
    private static readonly DateTimeOffset Now = Utc("2026-03-10T15:30:20Z");

    // Web JSON with enum names and unknown members skipped, as LoyaltyGrid.Storage stored grain
    // state before the journal replaced it; the round trips below guard the aggregate's JSON shape.
    private static readonly JsonSerializerOptions GrainJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    [Fact]
    public void A_new_scope_reads_zero_everywhere_with_every_name_present()
    {
        var snapshot = KpiAggregate.For(KpiScope.Market("DE")).Snapshot(Now);

        Assert.Equal("market:DE", snapshot.Scope);
        Assert.Equal(0, snapshot.Today.Orders);
        Assert.Equal(0m, snapshot.AllTime.Aov);
        Assert.Equal(0m, snapshot.AllTime.ConversionRate);
        Assert.Equal(0m, snapshot.RepeatPurchaseRate);
        Assert.Equal(["prospect", "new", "repeat", "at-risk", "lapsed"], snapshot.Lifecycle.Keys);
        Assert.Equal(["Member", "Silver", "Gold", "Platinum"], snapshot.Tiers.Keys);
        Assert.Equal(Enum.GetValues<ComplaintCategory>().Select(c => c.ToApiName()), snapshot.ThisMonth.Complaints.ByCategory.Keys);
        Assert.Equal(60, snapshot.Live.PerMinute.Count);
        Assert.Empty(snapshot.Cohorts);
        Assert.Equal(Now, snapshot.AsOf);
    }

    [Fact]
    public void Totals_and_ratios_read_from_the_buckets_of_now()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var a = Purchases("s1 DE 2026-02-20T10:00:00Z");
        Apply(aggregate, Now.AddMinutes(-90), KpiFacts.Purchase("s1", "DE", a[0].OccurredAt, 100.00m), CustomerKpiMembership.Changes([], a));
        var a2 = Purchases("s1 DE 2026-02-20T10:00:00Z; s1 DE 2026-03-10T09:00:00Z");
        Apply(aggregate, Now.AddMinutes(-3), KpiFacts.Purchase("s1", "DE", a2[1].OccurredAt, 10.00m), CustomerKpiMembership.Changes(a, a2));
        var b = Purchases("s2 FR 2026-03-10T11:00:00Z");
        Apply(aggregate, Now.AddMinutes(-1), KpiFacts.Purchase("s2", "FR", b[0].OccurredAt, 20.01m), CustomerKpiMembership.Changes([], b));
        Apply(aggregate, Now, KpiFacts.Refund("s1", "DE", Utc("2026-03-10T12:00:00Z"), 5.00m));
        Apply(aggregate, Now, KpiFacts.ComplaintOpened("s2", "FR", Utc("2026-03-09T12:00:00Z"), ComplaintCategory.Quality));
        Apply(aggregate, Now, KpiFacts.Review("s2", "FR", Utc("2026-03-10T13:00:00Z"), 5), KpiFacts.Review("s1", "DE", Utc("2026-03-10T13:00:00Z"), 2));

        var snapshot = aggregate.Snapshot(Now);

        Assert.Equal((2, 2, 30.01m, 1, 5.00m, 25.01m, 15.01m), Period(snapshot.Today));
        Assert.Equal((2, 2, 30.01m, 1, 5.00m, 25.01m, 15.01m), Period(snapshot.ThisMonth));
        Assert.Equal((3, 2, 130.01m, 1, 5.00m, 125.01m, 43.34m), Period(snapshot.AllTime));
        Assert.Equal((1L, 1L, 0.5m), (snapshot.Today.NewCustomers, snapshot.Today.ReturningCustomers, snapshot.Today.ReturningCustomerRate));
        Assert.Equal((2L, 0L, 0m), (snapshot.AllTime.NewCustomers, snapshot.AllTime.ReturningCustomers, snapshot.AllTime.ReturningCustomerRate));
        Assert.Equal(0.5m, snapshot.RepeatPurchaseRate);
        Assert.Equal(0.5m, snapshot.Today.RefundRate);
        Assert.Equal(0L, snapshot.Today.Complaints.Total);
        Assert.Equal((1L, 1L), (snapshot.ThisMonth.Complaints.Total, snapshot.ThisMonth.Complaints.ByCategory["quality"]));
        Assert.Equal(0.5m, snapshot.ThisMonth.ComplaintRate);
        Assert.Equal((2L, 3.5m, 0.5m), (snapshot.Today.Reviews, snapshot.Today.AverageRating, snapshot.Today.Csat));

        Assert.Equal(
            [("2026-02", 1L, "1/1.0 1/1.0"), ("2026-03", 1L, "1/1.0")],
            snapshot.Cohorts.Select(row => (row.Cohort, row.Size, string.Join(' ', row.Cells.Select(cell => $"{cell.Count}/{cell.Retention:0.0}")))));

        // The first purchase was accepted 90 minutes ago: out of the live hour.
        Assert.Equal((2L, 30.01m, 15.01m), (snapshot.Live.Last5m.Orders, snapshot.Live.Last5m.GrossRevenue, snapshot.Live.Last5m.Aov));
        Assert.Equal((2L, 30.01m), (snapshot.Live.Last60m.Orders, snapshot.Live.Last60m.GrossRevenue));
        Assert.Equal((1L, 5.00m, 25.01m), (snapshot.Live.Last5m.Refunds, snapshot.Live.Last5m.RefundedAmount, snapshot.Live.Last5m.NetRevenue));
        Assert.Equal(1L, snapshot.Live.Last5m.Complaints.ByCategory["quality"]);
        Assert.Equal((2L, 3.5m, 0.5m), (snapshot.Live.Last5m.Reviews, snapshot.Live.Last5m.AverageRating, snapshot.Live.Last5m.Csat));
    }

    [Fact]
    public void Amounts_round_to_cents_only_when_read()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        Apply(aggregate, Now, KpiFacts.Purchase("s1", "DE", Now, 10.00m), KpiFacts.Purchase("s1", "DE", Now, 10.00m), KpiFacts.Purchase("s1", "DE", Now, 10.01m));

        var today = aggregate.Snapshot(Now).Today;

        Assert.Equal((30.01m, 10.00m), (today.GrossRevenue, today.Aov));
        Assert.Equal(30.01m, aggregate.Buckets["2026-03-10"].Counters[KpiMetrics.GrossRevenue]);
    }

    [Fact]
    public void Durations_read_in_hours_with_an_exact_mean()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var opened = Utc("2026-03-10T00:00:00Z");
        Apply(
            aggregate,
            Now,
            KpiFacts.FirstResponseChanged("s1", "DE", opened, null, opened.AddHours(1)),
            KpiFacts.FirstResponseChanged("s1", "DE", opened, null, opened.AddHours(2)),
            KpiFacts.FirstResponseChanged("s1", "DE", opened, null, opened.AddHours(30)));
        Apply(aggregate, Now, KpiFacts.FirstResponseChanged("s1", "DE", opened, opened.AddHours(30), opened.AddHours(6)));

        var stats = aggregate.Snapshot(Now).Today.FirstResponseTime;

        Assert.Equal(3, stats.Count);
        Assert.Equal(3m, stats.MeanHours);
        Assert.InRange(stats.P90Hours, 6 * 0.99m, 6 * 1.01m);
        Assert.Equal(stats, aggregate.Snapshot(Now).AllTime.FirstResponseTime);
        Assert.Equal(new KpiDurationStats(0, 0, 0), aggregate.Snapshot(Now).Today.ResolutionTime);
    }

    [Fact]
    public void Gauges_read_as_of_now_from_what_customers_last_emitted()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var first = CustomerKpiGauge.Of(LifecycleStage.New, Tier.Member, 1, 120, Purchases("s1 DE 2026-03-01T10:00:00Z"));
        var second = CustomerKpiGauge.Of(LifecycleStage.Prospect, Tier.Member, 2, 0, []);
        Apply(aggregate, Now, CustomerKpiMembership.GaugeDeltas(null, first), CustomerKpiMembership.GaugeDeltas(null, second));
        Apply(aggregate, Now, CustomerKpiMembership.GaugeDeltas(first, first with { Lifecycle = LifecycleStage.Repeat, Tier = Tier.Gold, PointsOutstanding = 20 }));

        var snapshot = aggregate.Snapshot(Now);

        Assert.Equal([1, 0, 1, 0, 0], snapshot.Lifecycle.Values);
        Assert.Equal([1, 0, 1, 0], snapshot.Tiers.Values);
        Assert.Equal((3L, 20L), (snapshot.OpenComplaints, snapshot.PointsOutstanding));
    }

    [Fact]
    public void A_delta_of_another_scope_is_refused_and_nothing_of_its_batch_is_applied()
    {
        var aggregate = KpiAggregate.For(KpiScope.Storefront("s1"));
        var deltas = KpiFacts.Purchase("s1", "DE", Now, 10m);

        Assert.Throws<ArgumentException>(() => aggregate.Apply(deltas, Now));
        Assert.Empty(aggregate.Buckets);
        aggregate.Apply(deltas.Where(delta => delta.Scope.Key == "storefront:s1"), Now);
        Assert.Equal(1, aggregate.Snapshot(Now).Today.Orders);
    }

    [Fact]
    public void A_fresh_state_takes_its_scope_from_its_first_batch_only_if_the_batch_is_whole()
    {
        var aggregate = new KpiAggregate();
        var deltas = KpiFacts.Purchase("s1", "DE", Now, 10m);

        Assert.Throws<ArgumentException>(() => aggregate.Apply(deltas, Now));
        Assert.Equal("", aggregate.Scope);
        aggregate.Apply(deltas.Where(delta => delta.Scope.Key == "market:DE"), Now);
        Assert.Equal("market:DE", aggregate.Snapshot(Now).Scope);
    }

    [Fact]
    public void The_live_part_keeps_one_hour_of_minutes_by_acceptance_time()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var occurredLongAgo = Utc("2025-06-01T10:00:00Z");
        for (var minutesAgo = 80; minutesAgo >= 0; minutesAgo--)
        {
            Apply(aggregate, Now.AddMinutes(-minutesAgo), KpiFacts.Purchase("s1", "DE", occurredLongAgo, minutesAgo));
        }

        var live = aggregate.Snapshot(Now).Live;

        Assert.Equal(60, aggregate.Live.Count);
        Assert.Equal(Utc("2026-03-10T14:31:00Z"), live.PerMinute[0].From);
        Assert.Equal(Utc("2026-03-10T15:31:00Z"), live.PerMinute[^1].To);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => 59m - i), live.PerMinute.Select(minute => minute.GrossRevenue));
        Assert.Equal((5L, 10m), (live.Last5m.Orders, live.Last5m.GrossRevenue));
        Assert.Equal((60L, 1770m), (live.Last60m.Orders, live.Last60m.GrossRevenue));
        Assert.Equal((Utc("2026-03-10T15:26:00Z"), Utc("2026-03-10T15:31:00Z")), (live.Last5m.From, live.Last5m.To));

        // An hour later nothing is live, whatever is stored.
        Assert.Equal(0, aggregate.Snapshot(Now.AddHours(1)).Live.Last60m.Orders);
    }

    [Fact]
    public void A_moved_visit_does_not_count_live_twice()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var late = SessionKpiMembership.Visit("s1", "DE", Utc("2026-03-10T12:00:00Z"));
        var early = SessionKpiMembership.Visit("s1", "DE", Utc("2026-03-09T23:00:00Z"));
        Apply(aggregate, Now.AddMinutes(-2), KpiMembership.Diff(KpiMembership.None, late));
        Apply(aggregate, Now, KpiMembership.Diff(late, early));

        var snapshot = aggregate.Snapshot(Now);

        Assert.Equal((0L, 1L, 1L), (snapshot.Today.Visits, snapshot.ThisMonth.Visits, snapshot.AllTime.Visits));
        Assert.Equal(1L, snapshot.Live.Last5m.Visits);
    }

    [Fact]
    public void Old_days_are_dropped_but_months_and_all_time_are_kept()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var old = Now.AddDays(-(KpiAggregate.RetainedDays + 1));
        Apply(aggregate, Now.AddDays(-100), KpiFacts.Purchase("s1", "DE", old, 7m));
        Assert.Contains(KpiBucket.DayOf(old).Key, aggregate.Buckets.Keys);

        Apply(aggregate, Now, KpiFacts.Purchase("s1", "DE", Now, 1m));
        Apply(aggregate, Now, KpiFacts.Purchase("s1", "DE", old, 2m));

        Assert.DoesNotContain(KpiBucket.DayOf(old).Key, aggregate.Buckets.Keys);
        Assert.Equal(9m, aggregate.Buckets[KpiBucket.MonthOf(old).Key].Counters[KpiMetrics.GrossRevenue]);
        Assert.Equal(10m, aggregate.Snapshot(Now).AllTime.GrossRevenue);
    }

    [Fact]
    public void Counters_that_return_to_zero_leave_no_trace()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var visit = SessionKpiMembership.Visit("s1", "DE", Now);
        Apply(aggregate, Now.AddHours(-2), KpiMembership.Diff(KpiMembership.None, visit));
        Apply(aggregate, Now.AddHours(-2), KpiMembership.Diff(visit, KpiMembership.None));

        Assert.Empty(aggregate.Buckets);
        Assert.Empty(aggregate.Live);
    }

    [Fact]
    public void Cohort_rows_run_to_this_month_with_empty_months_as_zero()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var purchases = Purchases("s1 DE 2025-12-15T10:00:00Z; s1 DE 2026-02-15T10:00:00Z");
        Apply(aggregate, Now, CustomerKpiMembership.Changes([], purchases));

        var row = Assert.Single(aggregate.Snapshot(Now).Cohorts);

        Assert.Equal(("2025-12", 1L), (row.Cohort, row.Size));
        Assert.Equal(
            [(0, "2025-12", 1L, 1m), (1, "2026-01", 0L, 0m), (2, "2026-02", 1L, 1m), (3, "2026-03", 0L, 0m)],
            row.Cells.Select(cell => (cell.Offset, cell.Month, cell.Count, cell.Retention)));
    }

    public static TheoryData<string> SerializerStyles => ["default", "web", "grain"];

    [Theory]
    [MemberData(nameof(SerializerStyles))]
    public void State_survives_a_json_round_trip_and_keeps_counting_the_same(string style)
    {
        var options = style switch
        {
            "web" => new JsonSerializerOptions(JsonSerializerDefaults.Web),
            "grain" => GrainJson,
            _ => new JsonSerializerOptions(),
        };
        var original = BusyAggregate();

        var json = JsonSerializer.Serialize(original, options);
        var rebuilt = JsonSerializer.Deserialize<KpiAggregate>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(rebuilt, options));
        Assert.Equal(SnapshotJson(original), SnapshotJson(rebuilt));

        var more = KpiFacts.FirstResponseChanged("s1", "DE", Now.AddHours(-5), Now.AddHours(-1), Now.AddHours(-4))
            .Concat(KpiFacts.Purchase("s1", "DE", Now, 3.33m))
            .Where(delta => delta.Scope == KpiScope.Grid)
            .ToList();
        original.Apply(more, Now.AddMinutes(1));
        rebuilt.Apply(more, Now.AddMinutes(1));
        Assert.Equal(JsonSerializer.Serialize(original, options), JsonSerializer.Serialize(rebuilt, options));
    }

    [Fact]
    public void Deltas_round_trip_through_json_as_compact_strings()
    {
        var delta = new KpiDelta(KpiScope.StorefrontMarket("s1", "DE"), KpiMetrics.Complaints, KpiBucket.DayOf(Now), "quality", 1);

        var json = JsonSerializer.Serialize(delta, GrainJson);

        Assert.Contains("\"scope\":\"storefront-market:s1|DE\"", json, StringComparison.Ordinal);
        Assert.Contains("\"bucket\":\"2026-03-10\"", json, StringComparison.Ordinal);
        Assert.Equal(delta, JsonSerializer.Deserialize<KpiDelta>(json, GrainJson));
        Assert.DoesNotContain("\"key\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_state_holds_only_what_cannot_be_derived()
    {
        var json = JsonSerializer.Serialize(BusyAggregate(), GrainJson);

        Assert.DoesNotContain("\"mean\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"isEmpty\"", json, StringComparison.Ordinal);
        Assert.Contains("\"complaints/not-as-described\":1", json, StringComparison.Ordinal);
    }

    [Fact]
    public void State_missing_its_collections_is_read_as_empty()
    {
        var aggregate = JsonSerializer.Deserialize<KpiAggregate>("""{"Scope":"grid","Buckets":null,"Live":null}""")!;

        Assert.Equal(0, aggregate.Snapshot(Now).AllTime.Orders);
        aggregate.Apply(KpiFacts.Purchase("s1", "DE", Now, 1m).Where(delta => delta.Scope == KpiScope.Grid), Now);
        Assert.Equal(1, aggregate.Snapshot(Now).Live.Last5m.Orders);
    }

    private static KpiAggregate BusyAggregate()
    {
        var aggregate = KpiAggregate.For(KpiScope.Grid);
        var purchases = Purchases("s1 DE 2026-01-15T10:00:00Z; s1 DE 2026-03-10T10:00:00Z");
        Apply(aggregate, Now.AddMinutes(-20), CustomerKpiMembership.Changes([], purchases), KpiFacts.Purchase("s1", "DE", Now, 12.34m));
        Apply(aggregate, Now.AddMinutes(-2), KpiFacts.FirstResponseChanged("s1", "DE", Now.AddHours(-5), null, Now.AddHours(-1)));
        Apply(aggregate, Now, KpiFacts.ComplaintOpened("s1", "DE", Now, ComplaintCategory.NotAsDescribed));
        Apply(aggregate, Now, CustomerKpiMembership.GaugeDeltas(null, CustomerKpiGauge.Of(LifecycleStage.AtRisk, Tier.Silver, 1, 70, purchases)));
        return aggregate;
    }

    private static string SnapshotJson(KpiAggregate aggregate) => JsonSerializer.Serialize(aggregate.Snapshot(Now), GrainJson);

    private static (long Orders, long Buyers, decimal Gross, long Refunds, decimal Refunded, decimal Net, decimal Aov) Period(KpiPeriodSnapshot period) =>
        (period.Orders, period.Buyers, period.GrossRevenue, period.Refunds, period.RefundedAmount, period.NetRevenue, period.Aov);

    // Each scope aggregate receives only its own deltas; these tests look at the grid.
    private static void Apply(KpiAggregate aggregate, DateTimeOffset acceptedAt, params IEnumerable<KpiDelta>[] batches) =>
        aggregate.Apply(batches.SelectMany(batch => batch).Where(delta => delta.Scope.Key == aggregate.Scope), acceptedAt);
}
