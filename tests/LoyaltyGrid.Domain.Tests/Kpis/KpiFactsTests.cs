using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Points;
using static LoyaltyGrid.Domain.Tests.Kpis.KpiText;

namespace LoyaltyGrid.Domain.Tests.Kpis;

public class KpiFactsTests
{
    private static readonly DateTimeOffset Noon = Utc("2026-03-10T12:00:00Z");

    [Fact]
    public void A_purchase_adds_an_order_and_its_amount_to_every_scope_and_bucket()
    {
        var deltas = KpiFacts.Purchase("s1", "DE", Noon, 59.90m);

        Assert.Equal(24, deltas.Count);
        Assert.Equal(
            Lines("""
                +1 market:DE orders 2026-03-10
                +1 market:DE orders 2026-03
                +1 market:DE orders all
                +59.90 market:DE grossRevenue 2026-03-10
                +59.90 market:DE grossRevenue 2026-03
                +59.90 market:DE grossRevenue all
                """),
            Describe(deltas.Where(delta => delta.Scope.Key == "market:DE")));
    }

    [Fact]
    public void A_refund_counts_in_the_bucket_of_its_own_time()
    {
        Assert.Equal(
            Lines("""
                +1 grid refunds 2026-03-10
                +1 grid refunds 2026-03
                +1 grid refunds all
                +12.50 grid refundedAmount 2026-03-10
                +12.50 grid refundedAmount 2026-03
                +12.50 grid refundedAmount all
                """),
            Describe(KpiFacts.Refund("s1", "DE", Noon, 12.50m).Where(delta => delta.Scope == KpiScope.Grid)));
    }

    [Fact]
    public void A_complaint_counts_by_category()
    {
        Assert.Equal(
            Lines("""
                +1 grid complaints 2026-03-10 not-as-described
                +1 grid complaints 2026-03 not-as-described
                +1 grid complaints all not-as-described
                +1 storefront:s1 complaints 2026-03-10 not-as-described
                +1 storefront:s1 complaints 2026-03 not-as-described
                +1 storefront:s1 complaints all not-as-described
                """),
            Describe(KpiFacts.ComplaintOpened("s1", null, Noon, ComplaintCategory.NotAsDescribed)));
    }

    [Theory]
    [InlineData(3, "+1 grid reviews all|+3 grid ratingSum all")]
    [InlineData(4, "+1 grid reviews all|+4 grid ratingSum all|+1 grid csatReviews all")]
    [InlineData(5, "+1 grid reviews all|+5 grid ratingSum all|+1 grid csatReviews all")]
    public void Reviews_rated_four_or_five_are_satisfied(int rating, string expected)
    {
        var deltas = KpiFacts.Review("s1", "DE", Noon, rating).Where(delta => delta.Scope == KpiScope.Grid && delta.Bucket == KpiBucket.AllTime);

        Assert.Equal(Lines(expected.Replace('|', '\n')), Describe(deltas));
    }

    [Theory]
    [InlineData(PointMovementKind.Earn, 64, "pointsIssued", 64)]
    [InlineData(PointMovementKind.Review, 50, "pointsIssued", 50)]
    [InlineData(PointMovementKind.Referral, 200, "pointsIssued", 200)]
    [InlineData(PointMovementKind.Redeem, -300, "pointsRedeemed", 300)]
    [InlineData(PointMovementKind.Expire, -40, "pointsExpired", 40)]
    [InlineData(PointMovementKind.Reverse, -12, "pointsReversed", 12)]
    public void Point_movements_count_as_positive_flows(PointMovementKind kind, long points, string metric, long expected)
    {
        var deltas = KpiFacts.Points("s1", "DE", new PointMovement(kind, points, 500, Noon, "ref"));

        Assert.Equal(12, deltas.Count);
        Assert.All(deltas, delta => Assert.Equal((metric, (decimal)expected), (delta.Metric, delta.Amount)));
    }

    [Fact]
    public void Points_of_a_customer_with_no_place_count_in_the_grid_only()
    {
        var deltas = KpiFacts.Points(null, null, new PointMovement(PointMovementKind.Referral, 200, 200, Noon, "friend"));

        Assert.Equal(
            Lines("""
                +200 grid pointsIssued 2026-03-10
                +200 grid pointsIssued 2026-03
                +200 grid pointsIssued all
                """),
            Describe(deltas));
    }

    [Fact]
    public void A_first_response_moved_earlier_takes_its_sample_out_of_the_old_bucket()
    {
        var opened = Utc("2026-03-09T20:00:00Z");
        var deltas = KpiFacts.FirstResponseChanged("s1", "DE", opened, Utc("2026-03-11T02:00:00Z"), Utc("2026-03-10T08:30:00Z"))
            .Where(delta => delta.Scope == KpiScope.Grid);

        Assert.Equal(
            Lines("""
                -108000 grid firstResponseTime 2026-03-11
                -108000 grid firstResponseTime 2026-03
                -108000 grid firstResponseTime all
                +45000 grid firstResponseTime 2026-03-10
                +45000 grid firstResponseTime 2026-03
                +45000 grid firstResponseTime all
                """),
            Describe(deltas));
        Assert.All(deltas, delta => Assert.True(delta.Amount > 0));
    }

    [Fact]
    public void An_unchanged_answer_emits_nothing_and_a_first_answer_only_adds()
    {
        Assert.Empty(KpiFacts.ResolutionChanged("s1", "DE", Noon, Noon.AddHours(3), Noon.AddHours(3)));
        Assert.Equal(12, KpiFacts.ResolutionChanged("s1", "DE", Noon, null, Noon.AddHours(3)).Count);
    }

    [Fact]
    public void Samples_are_seconds_exact_to_the_tick()
    {
        Assert.Equal(0.0000001m, KpiFacts.Seconds(TimeSpan.FromTicks(1)));
        Assert.Equal(90061.5m, KpiFacts.Seconds(new TimeSpan(1, 1, 1, 1, 500)));
    }

    [Fact]
    public void Breaches_count_at_their_deadline_and_withdrawn_ones_are_taken_back()
    {
        var counted = new SlaBreach("k-1", SlaTarget.Resolution, Utc("2026-03-12T09:00:00Z"));
        var withdrawn = new SlaBreach("k-2", SlaTarget.FirstResponse, Utc("2026-03-13T09:00:00Z"));

        var deltas = KpiFacts.SlaBreaches("s1", "DE", [counted], [withdrawn]).Where(delta => delta.Scope == KpiScope.Grid);

        Assert.Equal(
            Lines("""
                +1 grid slaBreaches 2026-03-12
                +1 grid slaBreaches 2026-03
                +1 grid slaBreaches all
                -1 grid slaBreaches 2026-03-13
                -1 grid slaBreaches 2026-03
                -1 grid slaBreaches all
                """),
            Describe(deltas));
    }

    [Fact]
    public void A_visit_moved_earlier_moves_between_days_but_stays_once_all_time()
    {
        var before = SessionKpiMembership.Visit("s1", "DE", Utc("2026-03-11T00:10:00Z"));
        var after = SessionKpiMembership.Visit("s1", "DE", Utc("2026-03-10T23:50:00Z"));

        Assert.Equal(
            Lines("""
                -1 grid visits 2026-03-11
                +1 grid visits 2026-03-10
                """),
            Describe(KpiMembership.Diff(before, after).Where(delta => delta.Scope == KpiScope.Grid)));
        Assert.Equal(12, KpiMembership.Diff(KpiMembership.None, after).Count);
    }

    [Fact]
    public void Compacting_nets_counters_and_samples_and_drops_what_cancels()
    {
        var key = new KpiKey(KpiScope.Grid, KpiMetrics.Orders, KpiBucket.AllTime);
        var sample = new KpiKey(KpiScope.Grid, KpiMetrics.ResolutionTime, KpiBucket.AllTime);
        var gone = new KpiKey(KpiScope.Grid, KpiMetrics.Buyers, KpiBucket.AllTime);

        var compacted = KpiDelta.Compact(
        [
            key.Delta(1), gone.Delta(1), sample.Delta(3600), key.Delta(2), sample.Delta(7200), gone.Delta(-1),
            sample.Delta(3600, -1), sample.Delta(7200), key.Delta(-1, 2),
        ]);

        Assert.Equal(["+1 grid orders all", "+14400 grid resolutionTime all"], Describe(compacted));
        Assert.Equal(2, compacted.Single(delta => delta.Metric == KpiMetrics.ResolutionTime).Samples);
    }
}
