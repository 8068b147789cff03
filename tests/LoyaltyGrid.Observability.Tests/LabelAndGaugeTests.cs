using LoyaltyGrid.Domain.Kpis;
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
        long orders = 0, decimal gross = 0, decimal refunded = 0, long visits = 0, long converted = 0, long complaints = 0, long reviews = 0, decimal csat = 0, long buyers = 0) => new(
            visits,
            orders,
            buyers,
            gross,
            0,
            refunded,
            gross - refunded,
            orders == 0 ? 0 : Math.Round(gross / orders, 2),
            converted,
            visits == 0 ? 0 : (decimal)converted / visits,
            0,
            0,
            0,
            0,
            new KpiComplaintCounts(complaints, new Dictionary<string, long>()),
            orders == 0 ? 0 : (decimal)complaints / orders,
            new KpiDurationStats(0, 0, 0),
            new KpiDurationStats(0, 0, 0),
            0,
            reviews,
            0,
            csat,
            0,
            0,
            0,
            0,
            0,
            0);

    private static KpiSnapshot Snapshot(KpiPeriodSnapshot allTime, KpiPeriodSnapshot today, decimal repeat, long buyers, long outstanding) => new(
        "test",
        allTime with { Buyers = buyers },
        today,
        today,
        repeat,
        // The gauges read neither the live windows nor cohorts, lifecycle or tiers.
        new KpiLiveSnapshot(null!, null!, []),
        [],
        new Dictionary<string, long>(),
        new Dictionary<string, long>(),
        0,
        outstanding,
        DateTimeOffset.UnixEpoch);
}
