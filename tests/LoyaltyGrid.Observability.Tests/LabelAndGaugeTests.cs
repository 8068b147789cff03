using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Projections.Insight;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Observability;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Observability.Tests;

/// <summary>Bounded labels and the gauge rows made of KPI snapshots, without a server.</summary>
public sealed class LabelAndGaugeTests
{
    [Fact]
    public void A_limiter_keeps_the_first_values_it_sees_and_folds_the_rest_into_other()
    {
        var limiter = new LabelLimiter(2);

        Assert.Equal("b", limiter.Admit("b"));
        Assert.Equal("a", limiter.Admit("a"));
        Assert.Equal(LabelLimiter.Other, limiter.Admit("c"));
        // Admitted values keep their series; a value never admitted never gets one later.
        Assert.Equal("b", limiter.Admit("b"));
        Assert.Equal(LabelLimiter.Other, limiter.Admit("c"));
        Assert.Equal(2, limiter.Count);
    }

    [Fact]
    public void A_value_spelled_other_is_folded_rather_than_taking_a_place()
    {
        var limiter = new LabelLimiter(1);

        Assert.Equal(LabelLimiter.Other, limiter.Admit(LabelLimiter.Other));
        Assert.Equal("x", limiter.Admit("x"));
    }

    [Fact]
    public void Configured_storefronts_take_the_places_before_storefronts_seen_in_data()
    {
        var labels = Labels(max: 1, configuredStorefronts: "zeta");

        var scopes = KpiGaugeAggregation.Label(["grid", "storefront:alpha", "storefront:zeta"], labels);

        Assert.Equal(
            [new KpiGaugeLabels("grid", null, null), new KpiGaugeLabels("storefront", "other", null), new KpiGaugeLabels("storefront", "zeta", null)],
            scopes.Select(scope => scope.Labels));
    }

    [Fact]
    public void Scope_keys_are_labelled_by_kind_and_admitted_in_sorted_order()
    {
        var labels = Labels(max: 2);

        var scopes = KpiGaugeAggregation.Label(
            ["storefront-market:s|US", "market:US", "market:FR", "market:DE", "storefront-market:s|DE", "not-a-scope"],
            labels).ToDictionary(scope => scope.Key, scope => scope.Labels);

        Assert.Equal(new KpiGaugeLabels("storefront_market", "s", "other"), scopes["storefront-market:s|US"]);
        Assert.Equal(new KpiGaugeLabels("market", null, "other"), scopes["market:US"]);
        Assert.Equal(new KpiGaugeLabels("market", null, "DE"), scopes["market:DE"]);
        Assert.Equal(new KpiGaugeLabels("market", null, "FR"), scopes["market:FR"]);
        Assert.Equal(new KpiGaugeLabels("storefront_market", "s", "DE"), scopes["storefront-market:s|DE"]);
        Assert.False(scopes.ContainsKey("not-a-scope"));
    }

    [Fact]
    public void A_scope_alone_under_its_labels_is_reported_as_its_snapshot_says()
    {
        var labels = new KpiGaugeLabels("market", null, "DE");
        var snapshot = Snapshot(Period(orders: 3, gross: 100m, refunded: 10m, visits: 4, converted: 2, complaints: 1, reviews: 3, csat: 2m / 3), Period(orders: 1, gross: 20m), repeat: 0.5m, buyers: 2, outstanding: 70);

        var row = Assert.Single(KpiGaugeAggregation.Aggregate([(labels, snapshot)]));

        Assert.Equal(3, row.AllTime.Orders);
        Assert.Equal(100, row.AllTime.GrossRevenue);
        Assert.Equal(90, row.AllTime.NetRevenue);
        Assert.Equal(33.33, row.AllTime.Aov);
        Assert.Equal(0.5, row.AllTime.ConversionRate);
        Assert.Equal(1 / 3.0, row.AllTime.ComplaintRate, 12);
        Assert.Equal(2 / 3.0, row.AllTime.Csat, 12);
        Assert.Equal(1, row.Today.Orders);
        Assert.Equal(0.5, row.RepeatPurchaseRate);
        Assert.Equal(70, row.PointsOutstanding);
    }

    [Fact]
    public void Folded_scopes_add_up_and_their_ratios_are_ratios_of_the_sums()
    {
        var other = new KpiGaugeLabels("market", null, "other");
        var us = Snapshot(Period(orders: 1, gross: 40m, visits: 4, converted: 1, reviews: 1, csat: 1m), Period(orders: 1, gross: 40m), repeat: 0m, buyers: 1, outstanding: 40);
        var jp = Snapshot(Period(orders: 3, gross: 20m, refunded: 5m, visits: 1, converted: 1, complaints: 2, reviews: 3, csat: 1m / 3), Period(), repeat: 1m, buyers: 1, outstanding: 15);

        var row = Assert.Single(KpiGaugeAggregation.Aggregate([(other, us), (other, jp)]));

        Assert.Equal(4, row.AllTime.Orders);
        Assert.Equal(60, row.AllTime.GrossRevenue);
        Assert.Equal(55, row.AllTime.NetRevenue);
        Assert.Equal(15, row.AllTime.Aov);
        Assert.Equal(2 / 5.0, row.AllTime.ConversionRate, 12);
        Assert.Equal(2 / 4.0, row.AllTime.ComplaintRate, 12);
        Assert.Equal(2 / 4.0, row.AllTime.Csat, 12);
        Assert.Equal(1, row.Today.Orders);
        Assert.Equal(0.5, row.RepeatPurchaseRate, 12);
        Assert.Equal(55, row.PointsOutstanding);
    }

    [Fact]
    public void The_insight_kpis_and_the_live_windows_of_a_scope_alone_are_reported_as_its_snapshot_says()
    {
        var labels = new KpiGaugeLabels("grid", null, null);
        var allTime = Period(orders: 5, gross: 100m, visits: 10, converted: 4, refunds: 2, breaches: 3,
            survey: new Survey(Promoters: 3, Detractors: 1, NpsResponses: 7, Satisfied: 2, CsatResponses: 3), sentiment: new KpiSentimentCounts(4, 1, 3, 3m / 8));
        var last5m = Period(orders: 2, gross: 30m, visits: 4, converted: 1, complaints: 1, refunds: 1, breaches: 1,
            survey: new Survey(Detractors: 1, NpsResponses: 1), sentiment: new KpiSentimentCounts(0, 1, 1, 0.5m));
        var last60m = Period(orders: 4, gross: 80m, visits: 6, converted: 3, complaints: 1, refunds: 1, breaches: 2, sentiment: new KpiSentimentCounts(2, 0, 1, 1m / 3));
        var snapshot = Snapshot(allTime, Period(orders: 1, gross: 10m), repeat: 0m, buyers: 1, outstanding: 0, last5m, last60m);

        var row = Assert.Single(KpiGaugeAggregation.Aggregate([(labels, snapshot)]));

        Assert.Equal(10, row.AllTime.Visits);
        Assert.Equal(0.4, row.AllTime.RefundRate);
        Assert.Equal(3, row.AllTime.SlaBreaches);
        Assert.Equal(100 * 2 / 7.0, row.AllTime.Nps, 12);
        Assert.Equal(7, row.AllTime.NpsResponses);
        Assert.Equal(2 / 3.0, row.AllTime.SurveyCsat, 12);
        Assert.Equal(3, row.AllTime.CsatResponses);
        Assert.Equal((4, 1, 3), (row.AllTime.Positive, row.AllTime.Neutral, row.AllTime.Negative));
        Assert.Equal(3 / 8.0, row.AllTime.NegativeShare);
        Assert.Equal(new KpiFigures(2, 30, 30, 15, 0.25, 0.5, 0, 4, 0.5, 1, -100, 1, 0, 0, 0, 1, 1, 0.5), row.Last5m);
        Assert.Equal(4, row.Last60m.Orders);
        Assert.Equal(6, row.Last60m.Visits);
        Assert.Equal(0.5, row.Last60m.ConversionRate);
        Assert.Equal(0.25, row.Last60m.RefundRate);
        Assert.Equal(0.25, row.Last60m.ComplaintRate);
        Assert.Equal(2, row.Last60m.SlaBreaches);
        Assert.Equal(1 / 3.0, row.Last60m.NegativeShare, 12);
    }

    [Fact]
    public void Folded_scopes_add_up_survey_answers_and_sentiment_labels_and_take_their_ratios_from_the_sums()
    {
        var other = new KpiGaugeLabels("storefront", "other", null);
        var first = Period(orders: 4, refunds: 1, breaches: 2,
            survey: new Survey(Promoters: 2, Detractors: 0, NpsResponses: 2, Satisfied: 1, CsatResponses: 1), sentiment: new KpiSentimentCounts(3, 0, 1, 0.25m));
        var second = Period(orders: 1, refunds: 1, breaches: 1, visits: 2,
            survey: new Survey(Promoters: 0, Detractors: 2, NpsResponses: 3, Satisfied: 0, CsatResponses: 3), sentiment: new KpiSentimentCounts(0, 1, 3, 0.75m));

        var row = Assert.Single(KpiGaugeAggregation.Aggregate(
        [
            (other, Snapshot(first, first, repeat: 0m, buyers: 0, outstanding: 0, last5m: first, last60m: second)),
            (other, Snapshot(second, Period(), repeat: 0m, buyers: 0, outstanding: 0, last5m: second, last60m: second)),
        ]));

        foreach (var merged in new[] { row.AllTime, row.Last5m })
        {
            Assert.Equal(5, merged.Orders);
            Assert.Equal(2, merged.Visits);
            Assert.Equal(2 / 5.0, merged.RefundRate, 12);
            Assert.Equal(3, merged.SlaBreaches);
            // (2 promoters − 2 detractors) / 5 responses.
            Assert.Equal(0, merged.Nps, 12);
            Assert.Equal(5, merged.NpsResponses);
            Assert.Equal(1 / 4.0, merged.SurveyCsat, 12);
            Assert.Equal(4, merged.CsatResponses);
            Assert.Equal((3, 1, 4), (merged.Positive, merged.Neutral, merged.Negative));
            Assert.Equal(4 / 8.0, merged.NegativeShare, 12);
        }

        // Only the first scope answered today; the second's window is counted twice in the last hour.
        Assert.Equal(100, row.Today.Nps, 12);
        Assert.Equal(2, row.Last60m.Orders);
        Assert.Equal(100 * -4 / 6.0, row.Last60m.Nps, 12);
    }

    [Fact]
    public void Channels_past_the_bound_are_added_up_under_other_with_rates_of_the_sums()
    {
        var limiter = new LabelLimiter(2);
        AttributionRow Row(string channel, long visits, long converted, long orders, decimal gross) => new(channel, "", new AttributionFigures(visits, converted, orders, gross));

        // Rows arrive in any order; the first two in sorted order keep their own series.
        var rows = ChannelGaugeAggregation.Aggregate(
            [Row("social", 10, 1, 1, 30m), Row("ads", 4, 2, 3, 90m), Row("direct", 0, 0, 2, 20m), Row("email", 5, 1, 1, 10m)],
            limiter);

        Assert.Equal(["ads", "direct", "other"], rows.Select(row => row.Channel));
        var ads = rows[0];
        Assert.Equal(new AttributionFigures(4, 2, 3, 90m), ads.Figures);
        Assert.Equal(0.5m, ads.Rates.ConversionRate);
        Assert.Equal(22.5m, ads.Rates.RevenuePerVisit);
        // direct: orders without a session have no visits, and a zero denominator gives 0.
        Assert.Equal(0m, rows[1].Rates.ConversionRate);
        var other = rows[2];
        Assert.Equal(new AttributionFigures(15, 2, 2, 40m), other.Figures);
        Assert.Equal(2m / 15, other.Rates.ConversionRate);
        Assert.Equal(40m / 15, other.Rates.RevenuePerVisit);
    }

    [Theory]
    [InlineData(200, false, "accepted", "none")]
    [InlineData(202, true, "duplicate", "none")]
    [InlineData(400, false, "rejected", "validation")]
    [InlineData(401, false, "rejected", "unauthorized")]
    [InlineData(403, false, "rejected", "forbidden")]
    [InlineData(404, false, "rejected", "not_found")]
    [InlineData(409, false, "rejected", "conflict")]
    [InlineData(413, false, "rejected", "too_large")]
    [InlineData(415, false, "rejected", "unsupported_media_type")]
    [InlineData(422, false, "rejected", "unprocessable")]
    [InlineData(429, false, "rejected", "rate_limited")]
    [InlineData(500, false, "failed", "error")]
    [InlineData(503, false, "failed", "unavailable")]
    public void Status_codes_are_outcomes_and_reasons(int status, bool duplicate, string outcome, string reason) =>
        Assert.Equal((outcome, reason), EventMetrics.Classify(status, duplicate));

    [Theory]
    [InlineData("b3BzOnNlY3JldA==", "secret")]          // ops:secret
    [InlineData("OmE6Yjpj", "a:b:c")]                    // :a:b:c — the password may hold colons
    [InlineData("bm8tY29sb24=", null)]                   // no-colon
    [InlineData("not base64!", null)]
    public void The_basic_password_is_everything_after_the_first_colon(string encoded, string? password) =>
        Assert.Equal(password, DashboardAuthenticationHandler.BasicPassword(encoded));

    private static ObservabilityLabels Labels(int max, params string[] configuredStorefronts) => new(
        Options.Create(new ObservabilityOptions { MaxLabelValues = max }),
        Options.Create(new AuthOptions
        {
            ApiKeys = [.. configuredStorefronts.Select(storefront => new ApiKeyOptions { Key = "k-" + storefront, Role = Roles.Storefront, Storefront = storefront })],
        }));

    private static KpiPeriodSnapshot Period(
        long orders = 0, decimal gross = 0, decimal refunded = 0, long visits = 0, long converted = 0, long complaints = 0, long reviews = 0, decimal csat = 0, long buyers = 0,
        long refunds = 0, long breaches = 0, Survey? survey = null, KpiSentimentCounts? sentiment = null)
    {
        var answers = survey ?? new Survey();
        return new(
            visits,
            orders,
            buyers,
            gross,
            refunds,
            refunded,
            gross - refunded,
            orders == 0 ? 0 : Math.Round(gross / orders, 2),
            converted,
            visits == 0 ? 0 : (decimal)converted / visits,
            orders == 0 ? 0 : (decimal)refunds / orders,
            0,
            0,
            0,
            new KpiComplaintCounts(complaints, new Dictionary<string, long>()),
            orders == 0 ? 0 : (decimal)complaints / orders,
            new KpiDurationStats(0, 0, 0),
            new KpiDurationStats(0, 0, 0),
            breaches,
            reviews,
            0,
            csat,
            0,
            0,
            0,
            0,
            answers.Nps,
            answers.NpsResponses,
            answers.Promoters,
            answers.NpsResponses - answers.Promoters - answers.Detractors,
            answers.Detractors,
            answers.SurveyCsat,
            answers.CsatResponses,
            sentiment ?? KpiSentimentCounts.None);
    }

    /// <summary>A live window with the same figures as <paramref name="period"/>: the gauges read the same fields of both.</summary>
    private static KpiLiveWindow Window(KpiPeriodSnapshot period) => new(
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch.AddMinutes(5),
        period.Visits,
        period.Orders,
        period.GrossRevenue,
        period.Refunds,
        period.RefundedAmount,
        period.NetRevenue,
        period.Aov,
        period.ConvertedSessions,
        period.ConversionRate,
        period.RefundRate,
        period.Complaints,
        period.ComplaintRate,
        period.SlaBreaches,
        period.Reviews,
        period.AverageRating,
        period.Csat,
        period.PointsIssued,
        period.PointsRedeemed,
        period.PointsExpired,
        period.PointsReversed,
        period.Nps,
        period.NpsResponses,
        period.Promoters,
        period.Passives,
        period.Detractors,
        period.SurveyCsat,
        period.CsatResponses,
        period.Sentiment);

    private static KpiSnapshot Snapshot(
        KpiPeriodSnapshot allTime, KpiPeriodSnapshot today, decimal repeat, long buyers, long outstanding, KpiPeriodSnapshot? last5m = null, KpiPeriodSnapshot? last60m = null) => new(
        "test",
        allTime with { Buyers = buyers },
        today,
        today,
        repeat,
        // The gauges read neither the per-minute series nor cohorts, lifecycle or tiers.
        new KpiLiveSnapshot(Window(last5m ?? Period()), Window(last60m ?? Period()), []),
        [],
        new Dictionary<string, long>(),
        new Dictionary<string, long>(),
        0,
        outstanding,
        DateTimeOffset.UnixEpoch);

    /// <summary>The survey answers of a bucket, with their ratios as the KPI scope computes them.</summary>
    private sealed record Survey(long Promoters = 0, long Detractors = 0, long NpsResponses = 0, long Satisfied = 0, long CsatResponses = 0)
    {
        public decimal Nps => NpsResponses == 0 ? 0 : 100m * (Promoters - Detractors) / NpsResponses;

        public decimal SurveyCsat => CsatResponses == 0 ? 0 : (decimal)Satisfied / CsatResponses;
    }
}
