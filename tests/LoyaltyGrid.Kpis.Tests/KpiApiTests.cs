using System.Net;
using System.Text.Json;
using LoyaltyGrid.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LoyaltyGrid.Kpis.Tests;

public sealed class KpiApiTests(TwoServerGrid grid) : IClassFixture<TwoServerGrid>
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-a-key-of-this-grid-at-all", HttpStatusCode.Unauthorized)]
    [InlineData(TestCredentials.StoreAKey, HttpStatusCode.Forbidden)]
    [InlineData(TestCredentials.OpsKey, HttpStatusCode.OK)]
    public async Task Only_ops_keys_read_kpis(string? key, HttpStatusCode expected)
    {
        using var response = await GetKpisAsync(grid.First, key, "");

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("?market=Germany", "market")]
    [InlineData("?market=XX", "market")]
    [InlineData("?storefront=bad%20id", "storefront")]
    public async Task A_bad_scope_filter_is_a_validation_problem(string query, string field)
    {
        using var response = await GetKpisAsync(grid.First, TestCredentials.OpsKey, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_purchase_accepted_by_one_server_shows_in_the_snapshot_of_the_other()
    {
        await TwoServerGrid.PurchaseAsync(grid.First, "api-kpi-1", "api-o-1", 40m, market: "AT");
        await TwoServerGrid.PurchaseAsync(grid.First, "api-kpi-1", "api-o-2", 60m, market: "AT");

        var snapshot = await EventuallyAsync(grid.Second, "?market=AT", s => s.GetProperty("allTime").GetProperty("orders").GetInt64() == 2);

        var allTime = snapshot.GetProperty("allTime");
        Assert.Equal(100m, allTime.GetProperty("grossRevenue").GetDecimal());
        Assert.Equal(50m, allTime.GetProperty("aov").GetDecimal());
        Assert.Equal(1, allTime.GetProperty("buyers").GetInt64());
        Assert.Equal(1m, snapshot.GetProperty("repeatPurchaseRate").GetDecimal());
        Assert.Equal(2, snapshot.GetProperty("live").GetProperty("last5m").GetProperty("orders").GetInt64());
        Assert.Equal(60, snapshot.GetProperty("live").GetProperty("perMinute").GetArrayLength());
        Assert.True(1 == snapshot.GetProperty("lifecycle").GetProperty("repeat").GetInt64(), snapshot.GetProperty("lifecycle").ToString() + snapshot.GetProperty("tiers").ToString() + snapshot.GetProperty("pointsOutstanding").ToString());
        Assert.Equal("market:AT", snapshot.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task The_hub_on_one_server_pushes_what_the_other_server_accepted()
    {
        await using var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(grid.Second.BaseAddress, "/hubs/kpi"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(TestCredentials.OpsKey))
            .Build();
        var pushed = new List<JsonElement>();
        wall.On<JsonElement>("snapshot", snapshot =>
        {
            lock (pushed)
            {
                pushed.Add(snapshot);
            }
        });
        await wall.StartAsync();
        var initial = await wall.InvokeAsync<JsonElement>("Watch", TestCredentials.StoreA, "NL");
        Assert.Equal(0, initial.GetProperty("allTime").GetProperty("orders").GetInt64());

        var sent = DateTime.UtcNow;
        await TwoServerGrid.PurchaseAsync(grid.First, "hub-kpi-1", "hub-o-1", 25m, market: "NL");

        var deadline = sent.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !HasOrders(pushed, 1))
        {
            await Task.Delay(50);
        }

        Assert.True(HasOrders(pushed, 1), "the wall on the other server received the purchase");
        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(5), $"pushed within 5 s (took {DateTime.UtcNow - sent})");
    }

    [Fact]
    public async Task The_hub_pushes_each_markets_last_60_minutes_for_the_wall_map_from_what_the_other_server_accepted()
    {
        await using var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(grid.Second.BaseAddress, "/hubs/kpi"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(TestCredentials.OpsKey))
            .Build();
        var pushed = new List<JsonElement>();
        wall.On<JsonElement>("markets", markets =>
        {
            lock (pushed)
            {
                pushed.Add(markets);
            }
        });
        await wall.StartAsync();
        // Markets are pushed to walls that watch something, whatever they watch.
        await wall.InvokeAsync<JsonElement>("Watch", "", "");

        // Market PT is this test's own: two orders in the last hour.
        await TwoServerGrid.PurchaseAsync(grid.First, "map-kpi-1", "map-o-1", 30.10m, market: "PT");
        await TwoServerGrid.PurchaseAsync(grid.First, "map-kpi-2", "map-o-2", 12.05m, market: "PT");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement? portugal = null;
        while (DateTime.UtcNow < deadline && portugal is null)
        {
            lock (pushed)
            {
                portugal = pushed.Select(p => Market(p, "PT")).LastOrDefault(m => m?.GetProperty("orders").GetInt64() == 2);
            }

            await Task.Delay(100);
        }

        Assert.True(portugal is not null, "no markets push showed PT's two orders within 20 s");
        Assert.Equal("42.15", portugal.Value.GetProperty("grossRevenue").GetRawText());

        // Asked directly, the hub answers the same; only markets, none of them without orders.
        var now = await wall.InvokeAsync<JsonElement>("Markets");
        Assert.True(now.TryGetProperty("asOf", out _));
        Assert.Equal(2, Market(now, "PT")?.GetProperty("orders").GetInt64());
        Assert.All(now.GetProperty("markets").EnumerateArray(), m =>
        {
            Assert.Matches("^[A-Z]{2}$", m.GetProperty("market").GetString());
            Assert.True(m.GetProperty("orders").GetInt64() > 0);
        });
    }

    private static JsonElement? Market(JsonElement markets, string code) =>
        markets.GetProperty("markets").EnumerateArray().Where(m => m.GetProperty("market").GetString() == code).Select(m => (JsonElement?)m).FirstOrDefault();

    [Fact]
    public async Task Kpi_numbers_are_rounded_once_to_the_documented_digits_and_written_without_trailing_zeros()
    {
        // Market BE is this test's own: three sessions, one of which converts; three orders of
        // 100.00 together, one partly refunded (kpis.md, "Numbers").
        var api = new ApiClient(grid.First.Http);
        var now = TimeProvider.System.GetUtcNow();
        foreach (var session in new[] { "num-s-1", "num-s-2", "num-s-3" })
        {
            using var visit = await api.PostAsync("/api/v1/visits", EventBodies.Visit(session, now, market: "BE"), TestCredentials.StoreACredential);
            await Responses.ExpectJsonAsync(visit, HttpStatusCode.Accepted);
        }

        await api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase("num-o-1", "num-c-1", 10.10m, now, market: "BE", sessionId: "num-s-1"), TestCredentials.StoreACredential);
        await api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase("num-o-2", "num-c-2", 20.20m, now, market: "BE"), TestCredentials.StoreACredential);
        await api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase("num-o-3", "num-c-3", 69.70m, now, market: "BE"), TestCredentials.StoreACredential);
        await api.PostOkAsync("/api/v1/refunds", EventBodies.Refund("num-r-1", "num-o-3", "num-c-3", 10.80m, now), TestCredentials.StoreACredential);

        var snapshot = await EventuallyAsync(grid.Second, "?market=BE", s =>
            s.GetProperty("allTime").GetProperty("refunds").GetInt64() == 1 && s.GetProperty("allTime").GetProperty("visits").GetInt64() == 3
            && s.GetProperty("allTime").GetProperty("convertedSessions").GetInt64() == 1);

        var allTime = snapshot.GetProperty("allTime");
        var written = new[] { "grossRevenue", "refundedAmount", "netRevenue", "aov", "conversionRate", "refundRate", "complaintRate" }
            .ToDictionary(name => name, name => allTime.GetProperty(name).GetRawText());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["grossRevenue"] = "100", ["refundedAmount"] = "10.8", ["netRevenue"] = "89.2", ["aov"] = "33.33",
                ["conversionRate"] = "0.333333", ["refundRate"] = "0.333333", ["complaintRate"] = "0",
            },
            written);

        // The wall is pushed the same spelling.
        await using var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(grid.First.BaseAddress, "/hubs/kpi"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(TestCredentials.OpsKey))
            .Build();
        await wall.StartAsync();
        var pushed = (await wall.InvokeAsync<JsonElement>("Watch", "", "BE")).GetProperty("allTime");
        Assert.Equal(written, written.Keys.ToDictionary(name => name, name => pushed.GetProperty(name).GetRawText()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(TestCredentials.StoreAKey)]
    public async Task The_hub_refuses_anyone_but_ops(string? key)
    {
        await using var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(grid.First.BaseAddress, "/hubs/kpi"), options => options.AccessTokenProvider = () => Task.FromResult(key))
            .Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => wall.StartAsync());

        Assert.Equal(key is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, error.StatusCode);
    }

    private static bool HasOrders(List<JsonElement> pushed, long orders)
    {
        lock (pushed)
        {
            return pushed.Any(snapshot => snapshot.GetProperty("allTime").GetProperty("orders").GetInt64() == orders);
        }
    }

    private static async Task<HttpResponseMessage> GetKpisAsync(Testing.ServerProcess server, string? key, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/kpis" + query, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await server.Http.SendAsync(request);
    }

    private static async Task<JsonElement> EventuallyAsync(Testing.ServerProcess server, string query, Func<JsonElement, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await GetKpisAsync(server, TestCredentials.OpsKey, query);
            response.EnsureSuccessStatusCode();
            var snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (settled(snapshot) || DateTime.UtcNow > deadline)
            {
                return snapshot;
            }

            await Task.Delay(100);
        }
    }
}
