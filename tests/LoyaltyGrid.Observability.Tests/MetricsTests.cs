using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Observability.Tests;

[Collection(ObservedServerCollection.Name)]
public sealed partial class MetricsTests(ObservedServer observed)
{
    private const string Scope = "otel_scope_name";

    [Fact]
    public async Task Metrics_are_anonymous_prometheus_text()
    {
        using var response = await observed.Process.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var types = PrometheusText.Types(await response.Content.ReadAsStringAsync());
        Assert.Equal("counter", types["loyaltygrid_events_total"]);
        Assert.Equal("histogram", types["loyaltygrid_storage_write_duration_seconds"]);
        Assert.Equal("gauge", types["loyaltygrid_kpi_orders"]);
    }

    [Fact]
    public async Task Events_are_counted_by_type_storefront_outcome_and_reason()
    {
        var events = PrometheusText.Parse(await observed.MetricsAsync()).Where(sample => sample.Name == "loyaltygrid_events_total").ToList();

        double Count(string type, string outcome, string reason, string? storefront = TestCredentials.StoreA) =>
            events.Where(sample => sample.Has(("type", type), ("outcome", outcome), ("reason", reason), ("storefront", storefront))).Sum(sample => sample.Value);

        var all = string.Join('\n', events);
        Assert.True(4 == Count("purchase", "accepted", "none"), all);
        Assert.True(1 == Count("purchase", "duplicate", "none"), all);
        // Refused before a credential was known: no storefront to name.
        Assert.True(1 == Count("purchase", "rejected", "unauthorized", storefront: null), all);
        Assert.True(1 == Count("purchase", "rejected", "forbidden", storefront: null), all);
        Assert.True(1 == Count("purchase", "rejected", "validation"), all);
        Assert.True(1 == Count("purchase", "rejected", "unprocessable"), all);
        Assert.True(1 == Count("refund", "accepted", "none"), all);
        Assert.True(1 == Count("refund", "rejected", "not_found"), all);
        Assert.True(1 == Count("redemption", "accepted", "none"), all);
        Assert.True(1 == Count("redemption", "rejected", "conflict"), all);
        Assert.True(2 == Count("complaint", "accepted", "none"), all);
        Assert.True(3 == Count("survey", "accepted", "none"), all);
        Assert.True(1 == Count("review", "accepted", "none"), all);
        Assert.True(1 == Count("referral", "accepted", "none"), all);
        // One visit on its own, one in the batch; the batch's entry of an unknown type is its own.
        Assert.True(2 == Count("visit", "accepted", "none"), all);
        Assert.True(1 == Count("unknown", "rejected", "validation"), all);
        Assert.DoesNotContain(events, sample => sample.Label("type") == "batch");
    }

    [Fact]
    public async Task Point_counters_equal_the_grid_kpis_and_what_the_responses_said()
    {
        // The referral pays Narwhal ReferralPoints (200 by default) on Pangolin's first purchase.
        var expectedIssued = observed.PointsEarned + 200;
        var kpis = await ObservedServer.EventuallyAsync(
            () => observed.KpisAsync(),
            grid => grid.GetProperty("allTime").GetProperty("pointsIssued").GetInt64() == expectedIssued,
            grid => grid.ToString());
        var allTime = kpis.GetProperty("allTime");
        Assert.Equal(observed.PointsRedeemed, allTime.GetProperty("pointsRedeemed").GetInt64());
        Assert.Equal(observed.PointsReversed, allTime.GetProperty("pointsReversed").GetInt64());

        var samples = await ObservedServer.EventuallyAsync(
            async () => PrometheusText.Parse(await observed.MetricsAsync()),
            metrics => Value(metrics, "loyaltygrid_points_issued_total") == expectedIssued,
            metrics => string.Join('\n', metrics.Where(sample => sample.Name.StartsWith("loyaltygrid_points", StringComparison.Ordinal))));
        Assert.Equal(observed.PointsRedeemed, Value(samples, "loyaltygrid_points_redeemed_total"));
        Assert.Equal(observed.PointsReversed, Value(samples, "loyaltygrid_points_reversed_total"));
    }

    [Fact]
    public async Task Business_gauges_show_the_kpi_snapshots_of_the_scopes_used()
    {
        // Settled: every order and the referral's points are in the grid's KPIs.
        await ObservedServer.EventuallyAsync(
            () => observed.KpisAsync(),
            grid => grid.GetProperty("allTime").GetProperty("orders").GetInt64() == 4
                && grid.GetProperty("allTime").GetProperty("pointsIssued").GetInt64() == observed.PointsEarned + 200
                && grid.GetProperty("allTime").GetProperty("slaBreaches").GetInt64() == 1,
            grid => grid.ToString());

        // The traffic gave every insight figure something to show, so equal values are not two zeros.
        var settled = (await observed.KpisAsync()).GetProperty("live").GetProperty("last60m");
        Assert.Equal(2, settled.GetProperty("npsResponses").GetInt64());
        Assert.Equal(0m, settled.GetProperty("nps").GetDecimal());
        Assert.Equal(1, settled.GetProperty("slaBreaches").GetInt64());
        Assert.True(settled.GetProperty("refundRate").GetDecimal() > 0, settled.ToString());
        Assert.True(settled.GetProperty("sentiment").GetProperty("negative").GetInt64() > 0, settled.ToString());

        await AssertGaugesShowAsync("", [("scope", "grid")]);
        await AssertGaugesShowAsync(
            $"?storefront={TestCredentials.StoreA}&market=DE",
            [("scope", "storefront_market"), ("storefront", TestCredentials.StoreA), ("market", "DE")]);
        await AssertGaugesShowAsync($"?storefront={TestCredentials.StoreA}", [("scope", "storefront"), ("storefront", TestCredentials.StoreA)]);
        await AssertGaugesShowAsync("?market=FR", [("scope", "market"), ("market", "FR")]);

        // The two market series went to DE and FR; the US is folded into "other". The gauges are
        // read from the KPI scopes on a timer, so the US order may reach them a refresh after the grid.
        var samples = PrometheusText.Parse(await ObservedServer.EventuallyAsync(
            observed.MetricsAsync,
            text => Value(PrometheusText.Parse(text), "loyaltygrid_kpi_orders", ("scope", "market"), ("market", "other"), ("period", "all_time")) == 1,
            text => text));
        Assert.DoesNotContain(samples, sample => sample.Label("market") == "US");
        Assert.Equal(1, Value(samples, "loyaltygrid_kpi_orders", ("scope", "market"), ("market", "other"), ("period", "all_time")));
        Assert.Equal(75, Value(samples, "loyaltygrid_kpi_aov", ("scope", "storefront_market"), ("storefront", TestCredentials.StoreA), ("market", "DE"), ("period", "today"), ("currency", "USD")));
    }

    [Fact]
    public async Task Channel_gauges_show_the_grid_channels_of_the_insight_api()
    {
        // The visit named the email channel and its session bought A-1; the other orders had no session: direct.
        var channels = await ObservedServer.EventuallyAsync(
            () => observed.Api.GetOkAsync("/api/v1/kpis/channels", TestCredentials.OpsCredential),
            body => body.GetProperty("channels").EnumerateArray().Sum(row => row.GetProperty("orders").GetInt64()) == 4,
            body => body.ToString());
        var rows = channels.GetProperty("channels").EnumerateArray().ToList();
        Assert.Equal(["direct", "email"], rows.Select(row => row.GetProperty("channel").GetString()).Order(StringComparer.Ordinal));

        await ObservedServer.EventuallyAsync(
            async () => PrometheusText.Parse(await observed.MetricsAsync()),
            samples => ChannelMismatches(samples, rows).Count == 0,
            samples => string.Join('\n', ChannelMismatches(samples, rows)));
    }

    [Fact]
    public async Task Storage_and_kpi_pipeline_series_are_there()
    {
        var samples = PrometheusText.Parse(await observed.MetricsAsync());

        foreach (var store in new[] { "customer", "session" })
        {
            Assert.True(Value(samples, "loyaltygrid_storage_write_duration_seconds_count", ("store", store), ("outcome", "stored")) > 0, store);
        }

        Assert.True(Value(samples, "loyaltygrid_kpi_batch_size_count") > 0);
        Assert.True(Value(samples, "loyaltygrid_kpi_flush_lag_seconds_count", ("outcome", "stored")) > 0);
        foreach (var kind in new[] { "grid", "storefront", "market", "storefront_market" })
        {
            Assert.True(Value(samples, "loyaltygrid_kpi_freshness_seconds_count", ("scope", kind)) > 0, kind);
        }

        Assert.Contains(samples, sample => sample.Name == "loyaltygrid_kpi_queue_depth");
        Assert.Contains(samples, sample => sample.Name == "loyaltygrid_kpi_gauge_refresh_age_seconds");
    }

    [Fact]
    public async Task Orleans_http_and_runtime_series_are_there()
    {
        var samples = PrometheusText.Parse(await observed.MetricsAsync());

        Assert.Contains(samples, sample => sample.Name == "orleans_grains" && sample.Has(("grain_type", "customer"), (Scope, "Microsoft.Orleans")) && sample.Value >= 1);
        Assert.Contains(samples, sample => sample.Name == "orleans_app_requests_latency_milliseconds_bucket");
        foreach (var route in new[] { "/api/v1/purchases", "/api/v1/customers/{customerId}/redemptions", "/api/v1/events:batch" })
        {
            Assert.Contains(samples, sample => sample.Name == "http_server_request_duration_seconds_bucket" && sample.Label("http_route") == route);
        }

        Assert.Contains(samples, sample => sample.Name == "dotnet_gc_collections_total");
        Assert.Contains(samples, sample => sample.Name == "dotnet_process_memory_working_set_bytes");
    }

    [Fact]
    public async Task No_customer_session_note_or_review_text_appears_in_metrics()
    {
        var text = await observed.MetricsAsync();

        foreach (var value in ObservedServer.PersonalData)
        {
            Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Every_loyaltygrid_metric_exported_is_documented_in_docs_metrics_md()
    {
        var documented = DocumentedNames().ToHashSet(StringComparer.Ordinal);
        var exported = PrometheusText.Types(await observed.MetricsAsync()).Keys.Where(name => name.StartsWith("loyaltygrid_", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(exported);
        Assert.All(exported, name => Assert.Contains(name, documented));
        // And what the documentation promises exists, but for expiries, which this traffic has none of.
        Assert.All(documented.Where(name => name != "loyaltygrid_points_expired_total"), name => Assert.Contains(name, exported));
    }

    private async Task AssertGaugesShowAsync(string query, (string Name, string? Value)[] labels)
    {
        // The snapshot is read again with every scrape: the live windows move on by themselves.
        var gauges = await ObservedServer.EventuallyAsync(
            async () => (Snapshot: await observed.KpisAsync(query), Samples: PrometheusText.Parse(await observed.MetricsAsync())),
            read => Mismatches(read.Samples, read.Snapshot, labels).Count == 0,
            read => string.Join('\n', Mismatches(read.Samples, read.Snapshot, labels)) + "\nsnapshot: " + read.Snapshot);
        Assert.NotEmpty(gauges.Samples);
    }

    /// <summary>Every gauge that does not (yet) show what the snapshot says.</summary>
    private static List<string> Mismatches(IReadOnlyList<PrometheusSample> samples, JsonElement snapshot, (string Name, string? Value)[] labels)
    {
        var mismatches = new List<string>();
        void Check(string metric, decimal expected, params (string Name, string? Value)[] more)
        {
            (string, string?)[] all = [.. labels, .. more];
            var actual = samples.Where(sample => sample.Name == metric && sample.Has(all)).Select(sample => (double?)sample.Value).FirstOrDefault();
            // The gauges are unrounded; the API writes money to cents and other fractions to 6
            // decimals (kpis.md, "Numbers"), so they may differ by half of the last digit written.
            var written = all.Any(label => label.Item1 == "currency") ? 0.005 : 0.0000005;
            if (actual is null || Math.Abs(actual.Value - (double)expected) > written + 1e-9)
            {
                mismatches.Add($"{metric}{{{string.Join(",", all.Select(label => $"{label.Item1}={label.Item2}"))}}}: {actual?.ToString() ?? "absent"}, expected {expected}");
            }
        }

        void CheckAlertable(JsonElement figures, string period)
        {
            Check("loyaltygrid_kpi_orders", figures.GetProperty("orders").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_visits", figures.GetProperty("visits").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_aov", figures.GetProperty("aov").GetDecimal(), ("period", period), ("currency", "USD"));
            Check("loyaltygrid_kpi_conversion_rate", figures.GetProperty("conversionRate").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_refund_rate", figures.GetProperty("refundRate").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_complaint_rate", figures.GetProperty("complaintRate").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_sla_breaches", figures.GetProperty("slaBreaches").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_nps", figures.GetProperty("nps").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_nps_responses", figures.GetProperty("npsResponses").GetDecimal(), ("period", period));
            var sentiment = figures.GetProperty("sentiment");
            Check("loyaltygrid_kpi_negative_share", sentiment.GetProperty("negativeShare").GetDecimal(), ("period", period));
            foreach (var label in new[] { "positive", "neutral", "negative" })
            {
                Check("loyaltygrid_kpi_sentiment", sentiment.GetProperty(label).GetDecimal(), ("period", period), ("sentiment", label));
            }
        }

        foreach (var (period, property) in new[] { ("all_time", "allTime"), ("today", "today") })
        {
            var figures = snapshot.GetProperty(property);
            CheckAlertable(figures, period);
            Check("loyaltygrid_kpi_gross_revenue", figures.GetProperty("grossRevenue").GetDecimal(), ("period", period), ("currency", "USD"));
            Check("loyaltygrid_kpi_net_revenue", figures.GetProperty("netRevenue").GetDecimal(), ("period", period), ("currency", "USD"));
            Check("loyaltygrid_kpi_csat", figures.GetProperty("csat").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_survey_csat", figures.GetProperty("surveyCsat").GetDecimal(), ("period", period));
            Check("loyaltygrid_kpi_survey_csat_responses", figures.GetProperty("csatResponses").GetDecimal(), ("period", period));
        }

        // The live windows, by acceptance time, carry only what an alert rule may watch.
        foreach (var (period, property) in new[] { ("last_5m", "last5m"), ("last_60m", "last60m") })
        {
            CheckAlertable(snapshot.GetProperty("live").GetProperty(property), period);
            if (samples.Any(sample => sample.Name == "loyaltygrid_kpi_gross_revenue" && sample.Label("period") == period))
            {
                mismatches.Add($"loyaltygrid_kpi_gross_revenue has a {period} series");
            }
        }

        Check("loyaltygrid_kpi_repeat_purchase_rate", snapshot.GetProperty("repeatPurchaseRate").GetDecimal());
        Check("loyaltygrid_kpi_points_outstanding", snapshot.GetProperty("pointsOutstanding").GetDecimal());
        return mismatches;
    }

    private static List<string> ChannelMismatches(IReadOnlyList<PrometheusSample> samples, IReadOnlyList<JsonElement> rows)
    {
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            var channel = row.GetProperty("channel").GetString();
            foreach (var (metric, property, money) in new[]
            {
                ("loyaltygrid_kpi_channel_visits", "visits", false),
                ("loyaltygrid_kpi_channel_orders", "orders", false),
                ("loyaltygrid_kpi_channel_conversion_rate", "conversionRate", false),
                ("loyaltygrid_kpi_channel_gross_revenue", "grossRevenue", true),
                ("loyaltygrid_kpi_channel_revenue_per_visit", "revenuePerVisit", true),
            })
            {
                (string, string?)[] labels = money
                    ? [("scope", "grid"), ("channel", channel), ("period", "all_time"), ("currency", "USD")]
                    : [("scope", "grid"), ("channel", channel), ("period", "all_time")];
                var actual = samples.Where(sample => sample.Name == metric && sample.Has(labels)).Select(sample => (double?)sample.Value).FirstOrDefault();
                var expected = (double)row.GetProperty(property).GetDecimal();
                // The API rounds money to cents and ratios to 6 decimals; the gauges do not.
                if (actual is null || Math.Abs(actual.Value - expected) > (money ? 0.005 : 0.0000005) + 1e-9)
                {
                    mismatches.Add($"{metric}{{channel={channel}}}: {actual?.ToString() ?? "absent"}, expected {expected}");
                }
            }
        }

        return mismatches;
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Name, string? Value)[] labels) =>
        samples.Where(sample => sample.Name == name && sample.Has(labels)).Sum(sample => sample.Value);

    private static IEnumerable<string> DocumentedNames()
    {
        var text = File.ReadAllText(Repository.File("docs", "metrics.md"));
        // Metric families are the names in the first column of the tables: `| `loyaltygrid_…` |`.
        return DocumentedName().Matches(text).Select(match => match.Groups[1].Value).Distinct();
    }

    [GeneratedRegex(@"^\| `(loyaltygrid_[a-z_]+)`", RegexOptions.Multiline)]
    private static partial Regex DocumentedName();
}
