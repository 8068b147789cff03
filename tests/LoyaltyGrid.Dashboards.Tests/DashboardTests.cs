using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyGrid.Testing;
using Xunit.Abstractions;

namespace LoyaltyGrid.Dashboards.Tests;

/// <summary>
/// Every dashboard in grafana/ is valid Grafana JSON, and every PromQL expression of every panel
/// returns data from a real Prometheus scraping two real servers under generated traffic.
/// </summary>
public sealed partial class DashboardTests(ITestOutputHelper output)
{
    private const string DataSourceUid = "loyaltygrid-prometheus";
    internal const string StorefrontKey = "sf-dash-4a5b6c7d8e9f0a1b2c3d";
    private const string OpsKey = "ops-dash-0f1e2d3c4b5a69788796";

    [Fact]
    public void Dashboards_are_valid_grafana_json_using_the_provisioned_data_source()
    {
        var dashboards = Dashboards();
        Assert.Equal(["LoyaltyGrid — business", "LoyaltyGrid — cluster"], dashboards.Select(d => d.Root.GetProperty("title").GetString()).Order());
        foreach (var (file, dashboard) in dashboards)
        {
            Assert.True(dashboard.GetProperty("schemaVersion").GetInt32() >= 36, $"{file}: schemaVersion");
            Assert.False(string.IsNullOrWhiteSpace(dashboard.GetProperty("uid").GetString()), $"{file}: uid");
            var panels = Panels(dashboard).ToList();
            Assert.NotEmpty(panels);
            var ids = panels.Select(panel => panel.GetProperty("id").GetInt32()).ToList();
            Assert.True(ids.Count == ids.Distinct().Count(), $"{file}: panel ids are unique");
            foreach (var panel in panels.Where(panel => panel.GetProperty("type").GetString() != "row"))
            {
                var title = panel.GetProperty("title").GetString();
                Assert.Equal(DataSourceUid, panel.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
                Assert.All(panel.GetProperty("targets").EnumerateArray(), target =>
                {
                    Assert.Equal(DataSourceUid, target.GetProperty("datasource").GetProperty("uid").GetString());
                    Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString()), $"{file} / {title}: expr");
                });
            }

            // Annotations (the business dashboard marks Prometheus' firing KPI alerts) query the same data source.
            foreach (var annotation in Annotations(dashboard))
            {
                Assert.Equal(DataSourceUid, annotation.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.False(string.IsNullOrWhiteSpace(annotation.GetProperty("expr").GetString()), $"{file}: annotation expr");
            }

            if (dashboard.TryGetProperty("templating", out var templating))
            {
                Assert.All(templating.GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"),
                    variable => Assert.Equal(DataSourceUid, variable.GetProperty("datasource").GetProperty("uid").GetString()));
            }
        }
    }

    [Fact]
    public async Task Every_panel_query_returns_data_from_a_real_prometheus_scraping_real_servers()
    {
        var environment = await ServerEnvironmentAsync();
        await using var first = ServerProcess.Start(environment);
        await using var second = ServerProcess.Start(environment);
        await Task.WhenAll(first.WaitUntilReadyAsync(), second.WaitUntilReadyAsync());

        await AssertEveryPanelHasDataAsync([first, second], GenerateTrafficAsync, afterPanels: async prometheus =>
        {
            // Zeros are data too; the insight panels must show the traffic's survey answers and labels.
            foreach (var expression in new[]
            {
                "max(loyaltygrid_kpi_nps_responses{scope=\"grid\",period=\"today\"}) > 0",
                "max(loyaltygrid_kpi_survey_csat_responses{scope=\"grid\",period=\"today\"}) > 0",
                "max(loyaltygrid_kpi_sentiment{scope=\"grid\",period=\"today\",sentiment=\"negative\"}) > 0",
                "max(loyaltygrid_kpi_refund_rate{scope=\"grid\",period=\"last_60m\"}) > 0",
                "max(loyaltygrid_kpi_channel_conversion_rate{channel=\"email\"}) > 0",
            })
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while ((await prometheus.QueryAsync(expression)).GetArrayLength() == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"never true under the traffic: {expression}");
                    await Task.Delay(1000);
                }
            }
        });
    }

    [Fact]
    public async Task Every_panel_query_returns_data_after_a_start_with_purchases_only()
    {
        // A fresh grid that has only sold: no refund, redemption, complaint or review yet. Panels
        // must show their zeros, not "no data", or an operator cannot tell quiet from broken.
        var environment = await ServerEnvironmentAsync();
        await using var server = ServerProcess.Start(environment);
        await server.WaitUntilReadyAsync();

        await AssertEveryPanelHasDataAsync([server], GeneratePurchasesAsync, async prometheus =>
        {
            // Before any traffic: the first scrapes already carry the point flows, at zero.
            foreach (var flow in new[] { "issued", "redeemed", "reversed", "expired" })
            {
                var series = await prometheus.QueryAsync($"loyaltygrid_points_{flow}_total");
                Assert.True(series.GetArrayLength() == 1, $"loyaltygrid_points_{flow}_total before any traffic: {series}");
                Assert.Equal("0", series[0].GetProperty("value")[1].GetString());
            }
        });
    }

    private async Task AssertEveryPanelHasDataAsync(
        IReadOnlyList<ServerProcess> servers,
        Func<IReadOnlyList<ServerProcess>, CancellationToken, Task> traffic,
        Func<PrometheusProcess, Task>? beforeTraffic = null,
        Func<PrometheusProcess, Task>? afterPanels = null)
    {
        await using var prometheus = await PrometheusProcess.StartAsync(servers.Select(server => server.BaseAddress));
        await prometheus.WaitForTargetsUpAsync(servers.Count, TimeSpan.FromSeconds(30));
        if (beforeTraffic is not null)
        {
            await beforeTraffic(prometheus);
        }

        using var stop = new CancellationTokenSource();
        var generator = traffic(servers, stop.Token);
        try
        {
            var queries = Dashboards()
                .SelectMany(d => Panels(d.Root)
                    .Where(panel => panel.GetProperty("type").GetString() != "row")
                    .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                        .Select(target => (Panel: $"{d.File} / {panel.GetProperty("title").GetString()}", Expression: Substitute(target.GetProperty("expr").GetString()!)))))
                .Concat(Dashboards().SelectMany(d => Variables(d.Root).Select(query => (Panel: $"{d.File} / variable", Expression: query))))
                .ToList();

            var deadline = DateTime.UtcNow.AddSeconds(90);
            var empty = queries;
            while (empty.Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2000);
                var stillEmpty = new List<(string Panel, string Expression)>();
                foreach (var query in empty)
                {
                    if ((await prometheus.QueryAsync(query.Expression)).GetArrayLength() == 0)
                    {
                        stillEmpty.Add(query);
                    }
                }

                empty = stillEmpty;
            }

            output.WriteLine($"{queries.Count} expressions evaluated; {empty.Count} without data");
            Assert.True(empty.Count == 0, "panels without data:\n" + string.Join("\n", empty.Select(q => $"{q.Panel}: {q.Expression}")));
            if (afterPanels is not null)
            {
                await afterPanels(prometheus);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await generator;
        }
    }

    internal static async Task<Dictionary<string, string>> ServerEnvironmentAsync() => new()
    {
        ["ConnectionStrings__LoyaltyGrid"] = await TestPostgres.CreateMigratedDatabaseAsync("dashboards"),
        ["Auth__ApiKeys__0__Key"] = StorefrontKey,
        ["Auth__ApiKeys__0__Role"] = "storefront",
        ["Auth__ApiKeys__0__Storefront"] = "dash-store",
        ["Auth__ApiKeys__1__Key"] = OpsKey,
        ["Auth__ApiKeys__1__Role"] = "ops",
        ["Auth__TokenSigningKey"] = "dashboard-tests-signing-key-0123456789",
    };

    private static async Task GeneratePurchasesAsync(IReadOnlyList<ServerProcess> servers, CancellationToken stop)
    {
        using var storefront = StorefrontClient();
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var server = servers[round % servers.Count].BaseAddress;
            var now = TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            try
            {
                using var response = await storefront.PostAsJsonAsync(
                    new Uri(server, "/api/v1/purchases"),
                    new { orderId = $"dash-p{round}", customerId = $"dash-p{round % 5}", amount = 20m + round % 30, currency = "EUR", market = round % 2 == 0 ? "DE" : "FR", occurredAt = now },
                    stop);
                Assert.True(response.IsSuccessStatusCode, $"purchase {round}: {(int)response.StatusCode}");
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal static HttpClient StorefrontClient()
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", StorefrontKey);
        return client;
    }

    /// <summary>Grafana's variables as a query that matches everything: the test wants every series.</summary>
    private static string Substitute(string expression) => expression
        .Replace("$__rate_interval", "30s", StringComparison.Ordinal)
        .Replace("$__interval", "15s", StringComparison.Ordinal)
        .Replace("$__range", "5m", StringComparison.Ordinal)
        .Replace("${storefront:regex}", ".*", StringComparison.Ordinal)
        .Replace("${market:regex}", ".*", StringComparison.Ordinal)
        .Replace("$storefront", ".*", StringComparison.Ordinal)
        .Replace("$market", ".*", StringComparison.Ordinal)
        .Replace("$instance", ".*", StringComparison.Ordinal);

    /// <summary>label_values(metric, label) variables, as the PromQL series they read.</summary>
    private static IEnumerable<string> Variables(JsonElement dashboard)
    {
        if (!dashboard.TryGetProperty("templating", out var templating))
        {
            yield break;
        }

        foreach (var variable in templating.GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var query = variable.GetProperty("query");
            var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
            var match = LabelValues().Match(text);
            Assert.True(match.Success, $"variable query '{text}' is label_values(metric, label)");
            yield return $"count by ({match.Groups["label"].Value}) ({match.Groups["metric"].Value})";
        }
    }

    private static async Task GenerateTrafficAsync(IReadOnlyList<ServerProcess> servers, CancellationToken stop)
    {
        using var storefront = StorefrontClient();
        var markets = new[] { "DE", "FR" };
        string?[] channels = ["email", "ads", null];
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var server = servers[round % servers.Count].BaseAddress;
            var customer = $"dash-c{round % 7}";
            var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            var market = markets[round % markets.Length];
            try
            {
                await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/visits"), new { sessionId = $"dash-s{round}", customerId = customer, market, occurredAt = now, channel = channels[round % channels.Length] }, stop);
                await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/purchases"), new { orderId = $"dash-o{round}", customerId = customer, amount = 30m + round % 40, currency = "EUR", market, occurredAt = now, sessionId = $"dash-s{round}" }, stop);
                if (round % 3 == 0)
                {
                    await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/refunds"), new { refundId = $"dash-r{round}", orderId = $"dash-o{round}", customerId = customer, amount = 5m, occurredAt = now }, stop);
                    await storefront.PostAsJsonAsync(new Uri(server, $"/api/v1/customers/{customer}/redemptions"), new { redemptionId = $"dash-x{round}", points = 1 }, stop);
                    await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/complaints"), new { complaintId = $"dash-q{round}", customerId = customer, orderId = $"dash-o{round}", category = "logistics", occurredAt = now }, stop);
                    await storefront.PostAsJsonAsync(new Uri(server, $"/api/v1/complaints/dash-q{round}/response"), new { customerId = customer, occurredAt = now }, stop);
                    await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/reviews"), new { reviewId = $"dash-v{round}", customerId = customer, orderId = $"dash-o{round}", rating = 4 + round % 2, occurredAt = now, text = "Arrived quickly, lovely quality" }, stop);
                    // Survey answers with comments, so the NPS, survey CSAT and sentiment panels have answers and labels to show.
                    await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/surveys"), new { responseId = $"dash-n{round}", customerId = customer, kind = "nps", score = round % 11, occurredAt = now, comment = round % 2 == 0 ? "Terrible, broken and late" : "Great service, thank you" }, stop);
                    await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/surveys"), new { responseId = $"dash-a{round}", kind = "csat", score = 1 + round % 5, occurredAt = now }, stop);
                    // A refused request, so rejection series exist too.
                    await storefront.PostAsJsonAsync(new Uri(server, "/api/v1/purchases"), new { orderId = $"dash-bad{round}", customerId = customer, amount = -1m, currency = "EUR", market, occurredAt = now }, stop);
                }

                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static List<(string File, JsonElement Root)> Dashboards()
    {
        var folder = Path.Combine(RepositoryRoot(), "grafana", "dashboards");
        return [.. Directory.GetFiles(folder, "*.json").Order().Select(file => (Path.GetFileName(file), JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone()))];
    }

    /// <summary>The PromQL annotations of a dashboard (Grafana's built-in ones have no expression).</summary>
    internal static IEnumerable<JsonElement> Annotations(JsonElement dashboard) =>
        dashboard.TryGetProperty("annotations", out var annotations)
            ? annotations.GetProperty("list").EnumerateArray().Where(annotation => annotation.TryGetProperty("expr", out _))
            : [];

    internal static JsonElement Dashboard(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "grafana", "dashboards", file))).RootElement.Clone();

    private static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoyaltyGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("LoyaltyGrid.sln not found above the test assembly.");
    }

    [GeneratedRegex(@"^\s*label_values\(\s*(?<metric>[^,]+?)\s*,\s*(?<label>\w+)\s*\)\s*$")]
    private static partial Regex LabelValues();
}
