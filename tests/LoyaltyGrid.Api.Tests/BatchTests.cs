using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary><c>POST /api/v1/events:batch</c>: one result per event, in order, as each event's own endpoint would answer.</summary>
public sealed class BatchTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Path = "/api/v1/events:batch";
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task Each_event_gets_the_result_its_own_endpoint_would_give_in_order()
    {
        var customerId = TestIds.New("c");
        var refereeId = TestIds.New("c");
        var orderId = TestIds.New("A");
        var at = Times.Iso(Times.HoursAgo(1));
        var purchase = Event("purchase", PurchaseTests.Purchase(orderId, customerId, 100.00m, "USD", Times.HoursAgo(3)));
        var events = new JsonArray
        {
            purchase,
            Event("review", new JsonObject { ["reviewId"] = "V-1", ["customerId"] = customerId, ["orderId"] = orderId, ["rating"] = 5, ["occurredAt"] = Times.Iso(Times.HoursAgo(2)) }),
            Event("refund", new JsonObject { ["refundId"] = "R-1", ["orderId"] = orderId, ["customerId"] = customerId, ["amount"] = 50.00m, ["occurredAt"] = at }),
            Event("visit", new JsonObject { ["sessionId"] = TestIds.New("s"), ["customerId"] = customerId, ["market"] = "DE", ["occurredAt"] = at }),
            Event("complaint", new JsonObject { ["complaintId"] = "K-1", ["customerId"] = customerId, ["category"] = "logistics", ["occurredAt"] = at }),
            Event("referral", new JsonObject { ["referralId"] = "F-1", ["referrerId"] = customerId, ["refereeId"] = refereeId, ["occurredAt"] = at }),
            purchase.DeepClone(),
            Event("purchase", PurchaseTests.Purchase(orderId, customerId, 101.00m, "USD", Times.HoursAgo(3))),
            Event("purchase", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10.00m, "SEK")),
            Event("purchase", PurchaseTests.Purchase(TestIds.New("A"), customerId, -1m, "USD")),
            Event("redemption", new JsonObject { ["redemptionId"] = "D-1", ["points"] = 1 }),
            JsonValue.Create(42),
            Event("refund", new JsonObject { ["refundId"] = "R-2", ["orderId"] = "no-such-order", ["customerId"] = customerId, ["amount"] = 1.00m, ["occurredAt"] = at }),
        };

        var results = await PostBatchAsync(events);

        Assert.Equal([200, 200, 200, 202, 200, 200, 200, 409, 422, 400, 400, 400, 404], results.Select(result => result.GetProperty("status").GetInt32()));
        var purchased = results[0].GetProperty("body");
        Assert.Equal(["balance", "campaigns", "customerId", "duplicate", "orderId", "pointsEarned", "tier"], Responses.PropertyNames(purchased));
        Assert.Equal(100, purchased.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(50, results[1].GetProperty("body").GetProperty("pointsEarned").GetInt64());
        Assert.Equal(50, results[2].GetProperty("body").GetProperty("pointsReversed").GetInt64());
        Assert.False(results[3].GetProperty("body").GetProperty("duplicate").GetBoolean());
        Assert.Equal("open", results[4].GetProperty("body").GetProperty("state").GetString());
        Assert.Equal("recorded", results[5].GetProperty("body").GetProperty("outcome").GetString());
        Assert.True(results[6].GetProperty("body").GetProperty("duplicate").GetBoolean());
        Assert.Equal("urn:loyaltygrid:problem:conflict", results[7].GetProperty("problem").GetProperty("type").GetString());
        Assert.Equal("urn:loyaltygrid:problem:unknown-currency", results[8].GetProperty("problem").GetProperty("type").GetString());
        Assert.True(results[9].GetProperty("problem").GetProperty("errors").TryGetProperty("amount", out _));
        Assert.True(results[10].GetProperty("problem").GetProperty("errors").TryGetProperty("type", out _));
        Assert.True(results[11].GetProperty("problem").GetProperty("errors").TryGetProperty("event", out _));
        Assert.All(results.Where(result => result.GetProperty("status").GetInt32() >= 400), result => Assert.False(result.TryGetProperty("body", out _)));

        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(100, customer.GetProperty("balance").GetInt64());
        Assert.Equal(1, customer.GetProperty("orders").GetInt32());
        Assert.Equal(1, customer.GetProperty("openComplaints").GetInt32());
    }

    [Fact]
    public async Task Events_of_one_customer_are_applied_in_array_order()
    {
        // Each refund only succeeds if its purchase, earlier in the array, was applied first.
        var events = new JsonArray();
        var customers = Enumerable.Range(0, 40).Select(_ => TestIds.New("c")).ToList();
        for (var step = 0; step < 5; step++)
        {
            foreach (var customerId in customers)
            {
                var orderId = $"A-{step}";
                events.Add(Event("purchase", PurchaseTests.Purchase(orderId, customerId, 10.00m, "USD", Times.HoursAgo(10 - step))));
                events.Add(Event("refund", new JsonObject { ["refundId"] = $"R-{step}", ["orderId"] = orderId, ["customerId"] = customerId, ["amount"] = 10.00m, ["occurredAt"] = Times.Iso(Times.HoursAgo(9.5 - step)) }));
            }
        }

        var results = await PostBatchAsync(events);

        Assert.Equal(400, results.Count);
        Assert.All(results, result => Assert.Equal(200, result.GetProperty("status").GetInt32()));
        Assert.All(results.Where((_, index) => index % 2 == 1), result => Assert.Equal(10, result.GetProperty("body").GetProperty("pointsReversed").GetInt64()));
    }

    [Theory]
    [InlineData("""{ }""")]
    [InlineData("""{ "events": {} }""")]
    [InlineData("""{ "events": "purchase" }""")]
    public async Task A_batch_without_an_events_array_is_400(string json)
    {
        using var response = await _api.PostRawAsync(Path, json, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "events");
    }

    [Fact]
    public async Task A_batch_of_more_than_1000_events_is_400_and_nothing_of_it_is_applied()
    {
        var customerId = TestIds.New("c");
        var events = new JsonArray();
        for (var index = 0; index < 1001; index++)
        {
            events.Add(Event("purchase", PurchaseTests.Purchase($"A-{index}", customerId, 1.00m, "USD")));
        }

        using var response = await _api.PostAsync(Path, new JsonObject { ["events"] = events }, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "events");
        using var read = await _api.GetAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(read, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_storefront_keys_may_send_a_batch()
    {
        var body = new JsonObject { ["events"] = new JsonArray() };
        var customerId = TestIds.New("c");
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 1.00m, "USD"), TestCredentials.StoreACredential);
        var token = Credential.Bearer(await _api.IssueTokenAsync(customerId));

        using var anonymous = await _api.PostAsync(Path, body, Credential.None);
        using var ops = await _api.PostAsync(Path, body, TestCredentials.OpsCredential);
        using var customer = await _api.PostAsync(Path, body, token);
        var empty = await _api.PostOkAsync(Path, body, TestCredentials.StoreBCredential);

        await Responses.ExpectProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        await Responses.ExpectProblemAsync(ops, HttpStatusCode.Forbidden);
        await Responses.ExpectProblemAsync(customer, HttpStatusCode.Forbidden);
        Assert.Equal(0, empty.GetProperty("results").GetArrayLength());
    }

    private async Task<List<JsonElement>> PostBatchAsync(JsonArray events)
    {
        var response = await _api.PostOkAsync(Path, new JsonObject { ["events"] = events }, TestCredentials.StoreACredential);
        Assert.Equal(["results"], Responses.PropertyNames(response));
        return response.GetProperty("results").EnumerateArray().ToList();
    }

    private static JsonObject Event(string type, JsonObject fields)
    {
        var entry = new JsonObject { ["type"] = type };
        foreach (var (name, value) in fields)
        {
            entry[name] = value?.DeepClone();
        }

        return entry;
    }
}
