using System.Net;
using System.Text.Json;
using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Kpis.Tests;

/// <summary>
/// Channel, campaign and experiment figures of two real servers, after a randomized
/// out-of-order stream sent to both, against <see cref="AttributionOracle"/>.
/// </summary>
public sealed class AttributionApiTests(TwoServerGrid grid) : IClassFixture<TwoServerGrid>
{
    private static readonly Credential Ops = TestCredentials.OpsCredential;

    [Fact]
    public async Task Figures_after_an_out_of_order_stream_equal_the_oracle()
    {
        var now = DateTimeOffset.UtcNow;
        var oracle = new AttributionOracle();
        var stream = AttributionStream.Generate(seed: 15, TestCredentials.StoreA, now);
        var servers = new[] { grid.First, grid.Second };
        var sent = 0;
        foreach (var item in stream)
        {
            var api = new ApiClient(servers[sent++ % 2].Http);
            switch (item)
            {
                case AttributionOracle.Visit visit:
                    await PostVisitAsync(api, visit);
                    oracle.Visits.Add(visit);
                    break;
                case AttributionOracle.Purchase purchase:
                    await api.PostOkAsync("/api/v1/purchases",
                        EventBodies.Purchase(purchase.OrderId, purchase.Customer, purchase.Amount, purchase.At, market: purchase.Market, sessionId: purchase.Session),
                        TestCredentials.StoreACredential);
                    oracle.Purchases.Add(purchase);
                    break;
            }
        }

        // The same visits again change nothing: a session counts once.
        foreach (var visit in oracle.Visits.Take(10))
        {
            await PostVisitAsync(new ApiClient(grid.Second.Http), visit);
        }

        var months = oracle.Visits.Select(v => AttributionOracle.Month(v.At)).Concat(oracle.Purchases.Select(p => AttributionOracle.Month(p.At))).Distinct().ToList();
        var queries = new List<(string Query, string Scope, string Bucket, bool ByCampaign)>
        {
            ("", "grid", "all", false),
            ("?by=campaign", "grid", "all", true),
            ($"?storefront={TestCredentials.StoreA}&market=DE", $"storefront-market:{TestCredentials.StoreA}|DE", "all", false),
            ("?market=JP&by=campaign", "market:JP", "all", true),
        };
        queries.AddRange(months.Select(month => ($"?month={month}", "grid", month, false)));
        queries.AddRange(months.Select(month => ($"?month={month}&market=FR&by=campaign", "market:FR", month, true)));

        foreach (var (query, scope, bucket, byCampaign) in queries)
        {
            var expected = Rows(oracle.Groups(scope, bucket, byCampaign), byCampaign);
            var actual = await EventuallyAsync(grid.First, $"/api/v1/kpis/channels{query}", expected, body => Rows(body, byCampaign ? "campaigns" : "channels", byCampaign ? "campaign" : "channel"));
            Assert.Equal(expected, actual);
        }

        foreach (var (query, scope) in new[] { ("", "grid"), ("?market=DE", "market:DE"), ($"?storefront={TestCredentials.StoreA}", $"storefront:{TestCredentials.StoreA}") })
        {
            var variants = oracle.Experiment(AttributionStream.Experiment, scope);
            var expected = ExperimentRows(variants);
            var body = await EventuallyBodyAsync(grid.Second, $"/api/v1/experiments/{AttributionStream.Experiment}{query}", body => ExperimentRows(body) == expected);
            Assert.Equal(expected, ExperimentRows(body));
            Assert.Equal(AttributionStream.Experiment.ToLowerInvariant(), body.GetProperty("experimentId").GetString());
            Assert.Equal("control", body.GetProperty("control").GetString());
            // The statistics of the oracle's counts, by formulas checked by hand in ExperimentStatisticsTests.
            var control = variants["control"];
            var treatment = variants["b"];
            var comparison = ExperimentStatistics.Compare(new VariantCounts("control", control.Visits, control.ConvertedSessions), new VariantCounts("b", treatment.Visits, treatment.ConvertedSessions));
            var b = body.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == "b");
            Assert.Equal((double)treatment.ConvertedSessions / treatment.Visits - (double)control.ConvertedSessions / control.Visits, b.GetProperty("lift").GetDouble(), 1e-12);
            Assert.Equal(comparison.LiftLow!.Value, b.GetProperty("liftLow").GetDouble(), 1e-12);
            Assert.Equal(comparison.LiftHigh!.Value, b.GetProperty("liftHigh").GetDouble(), 1e-12);
            Assert.Equal(comparison.PValue!.Value, b.GetProperty("pValue").GetDouble(), 1e-12);
            Assert.Equal(comparison.Significant, b.GetProperty("significant").GetBoolean());
            var c = body.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == "control");
            Assert.Equal(JsonValueKind.Null, c.GetProperty("lift").ValueKind);
            Assert.Equal(ExperimentStatistics.SampleRatioPValue([control.Visits, treatment.Visits])!.Value, body.GetProperty("sampleRatioPValue").GetDouble(), 1e-12);
        }
    }

    [Theory]
    [InlineData("""{"sessionId":"v-1","market":"DE","occurredAt":"2026-11-01T10:00:00Z","experiment":"e1"}""", "variant")]
    [InlineData("""{"sessionId":"v-1","market":"DE","occurredAt":"2026-11-01T10:00:00Z","variant":"b"}""", "experiment")]
    [InlineData("""{"sessionId":"v-1","market":"DE","occurredAt":"2026-11-01T10:00:00Z","channel":"e mail"}""", "channel")]
    [InlineData("""{"sessionId":"v-1","market":"DE","occurredAt":"2026-11-01T10:00:00Z","campaign":""}""", "campaign")]
    public async Task A_visit_with_a_bad_attribution_is_a_validation_problem(string body, string field)
    {
        using var response = await new ApiClient(grid.First.Http).PostAsync("/api/v1/visits", JsonDocument.Parse(body).RootElement, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("/api/v1/kpis/channels?month=2026-13", "month")]
    [InlineData("/api/v1/kpis/channels?month=november", "month")]
    [InlineData("/api/v1/kpis/channels?by=market", "by")]
    [InlineData("/api/v1/kpis/channels?market=XX", "market")]
    [InlineData("/api/v1/kpis/channels?chanel=email", "chanel")]
    [InlineData("/api/v1/experiments/bad%20id", "experimentId")]
    [InlineData("/api/v1/experiments/e1?storefront=bad%20id", "storefront")]
    public async Task A_bad_insight_query_is_a_validation_problem(string path, string field)
    {
        using var response = await new ApiClient(grid.First.Http).GetAsync(path, Ops);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_unknown_experiment_is_not_found()
    {
        using var response = await new ApiClient(grid.First.Http).GetAsync("/api/v1/experiments/never-run", Ops);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Insight_is_for_ops_keys_only()
    {
        using var storefront = await new ApiClient(grid.First.Http).GetAsync("/api/v1/kpis/channels", TestCredentials.StoreACredential);
        using var anonymous = await new ApiClient(grid.First.Http).GetAsync("/api/v1/experiments/e1", Credential.None);

        Assert.Equal(HttpStatusCode.Forbidden, storefront.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task PostVisitAsync(ApiClient api, AttributionOracle.Visit visit)
    {
        using var response = await api.PostAsync("/api/v1/visits", VisitBody(visit), TestCredentials.StoreACredential);
        await Responses.ExpectJsonAsync(response, HttpStatusCode.Accepted);
    }

    private static JsonElement VisitBody(AttributionOracle.Visit visit)
    {
        var body = EventBodies.Visit(visit.Session, visit.At, visit.Market);
        body["channel"] = visit.Channel;
        body["campaign"] = visit.Campaign;
        body["experiment"] = visit.Experiment;
        body["variant"] = visit.Variant;
        foreach (var empty in body.Where(field => field.Value is null).Select(field => field.Key).ToList())
        {
            body.Remove(empty);
        }

        return JsonSerializer.SerializeToElement(body);
    }

    /// <summary>One line per row, with the derived figures as the API rounds them (money to cents, ratios to 6 decimals).</summary>
    private static string Rows(IReadOnlyDictionary<string, AttributionOracle.Figures> rows, bool byCampaign) =>
        string.Join('\n', rows.OrderBy(row => row.Key, StringComparer.Ordinal).Select(row =>
        {
            var f = row.Value;
            var name = byCampaign && row.Key.Length == 0 ? "null" : row.Key;
            return Line(name, f.Visits, f.ConvertedSessions, Ratio(f.ConvertedSessions, f.Visits, 6), f.Orders, f.GrossRevenue, Ratio(f.GrossRevenue, f.Orders, 2), Ratio(f.GrossRevenue, f.Visits, 2));
        }));

    private static string Rows(JsonElement body, string array, string name) =>
        string.Join('\n', body.GetProperty(array).EnumerateArray()
            .Select(row => Line(row.GetProperty(name).ValueKind == JsonValueKind.Null ? "null" : row.GetProperty(name).GetString()!,
                row.GetProperty("visits").GetInt64(), row.GetProperty("convertedSessions").GetInt64(), row.GetProperty("conversionRate").GetDecimal(),
                row.GetProperty("orders").GetInt64(), row.GetProperty("grossRevenue").GetDecimal(), row.GetProperty("aov").GetDecimal(), row.GetProperty("revenuePerVisit").GetDecimal()))
            .Order(StringComparer.Ordinal));

    // Variants carry no aov (api.md), hence the 0 in its place.
    private static string ExperimentRows(IReadOnlyDictionary<string, AttributionOracle.Figures> rows) =>
        string.Join('\n', rows.OrderBy(row => row.Key, StringComparer.Ordinal).Select(row =>
            Line(row.Key, row.Value.Visits, row.Value.ConvertedSessions, Ratio(row.Value.ConvertedSessions, row.Value.Visits, 6), row.Value.Orders, row.Value.GrossRevenue, 0, Ratio(row.Value.GrossRevenue, row.Value.Visits, 2))));

    private static string ExperimentRows(JsonElement body) =>
        string.Join('\n', body.GetProperty("variants").EnumerateArray().Select(row =>
            Line(row.GetProperty("variant").GetString()!, row.GetProperty("visits").GetInt64(), row.GetProperty("convertedSessions").GetInt64(), row.GetProperty("conversionRate").GetDecimal(),
                row.GetProperty("orders").GetInt64(), row.GetProperty("grossRevenue").GetDecimal(), 0, row.GetProperty("revenuePerVisit").GetDecimal())));

    private static string Line(string name, long visits, long converted, decimal rate, long orders, decimal revenue, decimal aov, decimal perVisit) =>
        FormattableString.Invariant($"{name} visits={visits} converted={converted} rate={rate:0.######} orders={orders} revenue={revenue:0.00} aov={aov:0.00} perVisit={perVisit:0.00}");

    private static decimal Ratio(decimal numerator, decimal denominator, int digits) =>
        denominator == 0 ? 0 : decimal.Round(numerator / denominator, digits, MidpointRounding.AwayFromZero);

    /// <summary>Reads until the projections have caught up with what was sent (the figures equal the oracle's), or a minute passed.</summary>
    private static async Task<string> EventuallyAsync(ServerProcess server, string path, string expected, Func<JsonElement, string> read)
    {
        var body = await EventuallyBodyAsync(server, path, body => read(body) == expected);
        return read(body);
    }

    private static async Task<JsonElement> EventuallyBodyAsync(ServerProcess server, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var body = await new ApiClient(server.Http).GetOkAsync(path, Ops);
            if (done(body) || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(200);
        }
    }
}
