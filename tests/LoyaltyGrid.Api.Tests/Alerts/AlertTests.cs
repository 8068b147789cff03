using System.Net;
using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Alerts;

/// <summary>
/// Alerts as api.md and kpis.md promise them, on a real server: a complaint spike fires exactly one
/// alert and one webhook, which resolve once the spike ends; a window below MinVolume never fires;
/// GET /api/v1/alerts, the snapshot's alerts and the metric.
/// </summary>
public sealed class AlertTests(AlertServer server) : IClassFixture<AlertServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_complaint_spike_fires_one_alert_and_one_webhook_and_both_resolve_when_it_ends()
    {
        // 10 orders and 10 complaints: a complaint rate of 1 on exactly MinVolume orders.
        var orders = await PurchasesAsync(TestCredentials.StoreACredential, 10);
        foreach (var (order, customer) in orders)
        {
            await server.Api.PostOkAsync("/api/v1/complaints", EventBodies.Complaint(TestIds.New("cp"), customer, "logistics", DateTimeOffset.UtcNow, order), TestCredentials.StoreACredential);
        }

        var firing = await WaitForAlertAsync("firing", AlertServer.SpikeRule);
        Assert.Equal(["alertId", "expected", "market", "metric", "resolvedAt", "rule", "startedAt", "state", "storefront", "threshold", "value"], Responses.PropertyNames(firing).Order(StringComparer.Ordinal));
        Assert.Equal(("complaintRate", "store-a", JsonValueKind.Null), (firing.GetProperty("metric").GetString(), firing.GetProperty("storefront").GetString(), firing.GetProperty("market").ValueKind));
        Assert.Equal(0.3m, firing.GetProperty("threshold").GetDecimal());
        Assert.True(firing.GetProperty("value").GetDecimal() > 0.3m);
        var alertId = firing.GetProperty("alertId").GetString()!;

        // The snapshot of its scope and of the grid carry it; store-b's does not.
        await AssertEventuallyAsync(async () => AlertIds(await server.Api.GetOkAsync("/api/v1/kpis?storefront=store-a", TestCredentials.OpsCredential)).Contains(alertId));
        Assert.Contains(alertId, AlertIds(await server.Api.GetOkAsync("/api/v1/kpis", TestCredentials.OpsCredential)));
        Assert.Empty(AlertIds(await server.Api.GetOkAsync("/api/v1/kpis?storefront=store-b", TestCredentials.OpsCredential)));
        Assert.True(await server.Receiver.WaitUntilAsync(events => Sent(events, "alert.firing").Any(), Patience), "no alert.firing webhook arrived");

        // The spike ends: 40 more orders without complaints bring the rate to 10 / 50 = 0.2.
        await PurchasesAsync(TestCredentials.StoreACredential, 40);

        var resolved = await WaitForAlertAsync("resolved", AlertServer.SpikeRule);
        Assert.Equal(alertId, resolved.GetProperty("alertId").GetString());
        Assert.True(resolved.GetProperty("resolvedAt").GetDateTimeOffset() > resolved.GetProperty("startedAt").GetDateTimeOffset());
        Assert.True(await server.Receiver.WaitUntilAsync(events => Sent(events, "alert.resolved").Any(), Patience), "no alert.resolved webhook arrived");

        // Exactly one of each, for the one alert: the rule's history holds it once.
        var all = (await server.Api.GetOkAsync("/api/v1/alerts", TestCredentials.OpsCredential)).GetProperty("alerts").EnumerateArray()
            .Where(alert => alert.GetProperty("rule").GetString() == AlertServer.SpikeRule).ToList();
        Assert.Equal([alertId], all.Select(alert => alert.GetProperty("alertId").GetString()));
        Assert.Equal([alertId], Sent(server.Receiver.Events, "alert.firing").Select(e => e.GetProperty("data").GetProperty("alertId").GetString()));
        Assert.Equal([alertId], Sent(server.Receiver.Events, "alert.resolved").Select(e => e.GetProperty("data").GetProperty("alertId").GetString()));
        var data = Sent(server.Receiver.Events, "alert.resolved").Single().GetProperty("data");
        Assert.Equal(["alertId", "expected", "market", "metric", "resolvedAt", "rule", "startedAt", "state", "storefront", "threshold", "value"], Responses.PropertyNames(data).Order(StringComparer.Ordinal));
        Assert.Equal("resolved", data.GetProperty("state").GetString());
        Assert.Equal(0, server.Receiver.BadSignatures);
        await AssertEventuallyAsync(async () => AlertIds(await server.Api.GetOkAsync("/api/v1/kpis?storefront=store-a", TestCredentials.OpsCredential)).Count == 0);
    }

    [Fact]
    public async Task A_quiet_window_below_min_volume_never_fires()
    {
        // A complaint on every order, but 3 orders where the rule wants 1,000.
        var orders = await PurchasesAsync(TestCredentials.StoreBCredential, 3);
        foreach (var (order, customer) in orders)
        {
            await server.Api.PostOkAsync("/api/v1/complaints", EventBodies.Complaint(TestIds.New("cp"), customer, "logistics", DateTimeOffset.UtcNow, order), TestCredentials.StoreBCredential);
        }

        // Once the window shows the rate, the rule has looked at it many times within the hold it would need.
        await AssertEventuallyAsync(async () => (await server.Api.GetOkAsync("/api/v1/kpis?storefront=store-b", TestCredentials.OpsCredential)).GetProperty("live").GetProperty("last5m").GetProperty("complaintRate").GetDecimal() == 1m);
        await Task.Delay(TimeSpan.FromSeconds(5));

        var alerts = (await server.Api.GetOkAsync("/api/v1/alerts", TestCredentials.OpsCredential)).GetProperty("alerts").EnumerateArray();
        Assert.DoesNotContain(alerts, alert => alert.GetProperty("rule").GetString() == AlertServer.QuietRule);
        Assert.DoesNotContain(server.Receiver.Events, e => e.GetProperty("data").GetProperty("rule").GetString() == AlertServer.QuietRule);
        Assert.Empty(AlertIds(await server.Api.GetOkAsync("/api/v1/kpis?storefront=store-b", TestCredentials.OpsCredential)));

        // The metric has the rule's series at 0 all the same.
        var metrics = await server.Http.GetStringAsync("/metrics");
        var series = metrics.Split('\n').Where(line => line.StartsWith("loyaltygrid_alerts_firing{", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, line => line.Contains("rule=\"complaints-store-b\"", StringComparison.Ordinal) && line.Contains("storefront=\"store-b\"", StringComparison.Ordinal) && line.EndsWith("} 0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("?state=open", "state")]
    [InlineData("?state=FIRING", "state")]
    [InlineData("?rule=x", "rule")]
    public async Task A_bad_query_is_a_problem_naming_the_parameter(string query, string field) =>
        await Responses.ExpectProblemAsync(await server.Api.GetAsync("/api/v1/alerts" + query, TestCredentials.OpsCredential), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Only_ops_may_read_alerts()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Api.GetAsync("/api/v1/alerts", TestCredentials.StoreACredential)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetAsync("/api/v1/alerts")).StatusCode);
        var firing = await server.Api.GetOkAsync("/api/v1/alerts?state=firing", TestCredentials.OpsCredential);
        Assert.All(firing.GetProperty("alerts").EnumerateArray(), alert => Assert.Equal("firing", alert.GetProperty("state").GetString()));
    }

    private async Task<List<(string Order, string Customer)>> PurchasesAsync(Credential storefront, int count)
    {
        var made = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var (order, customer) = (TestIds.New("o"), TestIds.New("c"));
            await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(order, customer, 30m, DateTimeOffset.UtcNow), storefront);
            made.Add((order, customer));
        }

        return made;
    }

    private async Task<JsonElement> WaitForAlertAsync(string state, string rule)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var alerts = (await server.Api.GetOkAsync($"/api/v1/alerts?state={state}", TestCredentials.OpsCredential)).GetProperty("alerts").EnumerateArray()
                .Where(alert => alert.GetProperty("rule").GetString() == rule).ToList();
            if (alerts.Count > 0)
            {
                return Assert.Single(alerts);
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {state} alert of {rule} within {Patience}");
            await Task.Delay(250);
        }
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(250);
        }
    }

    private static List<string?> AlertIds(JsonElement snapshot) =>
        [.. snapshot.GetProperty("alerts").EnumerateArray().Select(alert => alert.GetProperty("alertId").GetString())];

    private static IEnumerable<JsonElement> Sent(IReadOnlyList<JsonElement> events, string type) =>
        events.Where(e => e.GetProperty("type").GetString() == type && e.GetProperty("data").GetProperty("rule").GetString() == AlertServer.SpikeRule);
}
