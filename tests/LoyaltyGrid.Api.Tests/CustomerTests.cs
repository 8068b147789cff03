using System.Net;
using System.Text.Json;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>Reads, history, redemptions and erasure of one customer.</summary>
public sealed class CustomerTests(ApiServer server) : IClassFixture<ApiServer>
{
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task A_customer_read_has_exactly_the_fields_of_api_md()
    {
        var customerId = TestIds.New("c");
        var boughtAt = Times.HoursAgo(30);
        await PurchaseAsync(customerId, 100.00m, boughtAt);

        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);

        // api.md's fields plus the repurchase model's (docs/prediction.md).
        Assert.Equal(
            ["balance", "customerId", "expectedPurchases90d", "expiring", "firstPurchaseAt", "lastPurchaseAt", "lifecycle", "lifetimePoints", "netSpend", "openComplaints", "orders", "pAlive", "tier"],
            Responses.PropertyNames(customer));
        Assert.Equal(customerId, customer.GetProperty("customerId").GetString());
        Assert.Equal(100, customer.GetProperty("balance").GetInt64());
        Assert.Equal("Member", customer.GetProperty("tier").GetString());
        Assert.Equal(100, customer.GetProperty("lifetimePoints").GetInt64());
        Assert.Equal(1, customer.GetProperty("orders").GetInt32());
        Assert.Equal(100.00m, customer.GetProperty("netSpend").GetDecimal());
        Assert.Equal(boughtAt, customer.GetProperty("firstPurchaseAt").GetDateTimeOffset());
        Assert.Equal(boughtAt, customer.GetProperty("lastPurchaseAt").GetDateTimeOffset());
        Assert.Equal("new", customer.GetProperty("lifecycle").GetString());
        Assert.Equal(0, customer.GetProperty("openComplaints").GetInt32());
        var expiring = Assert.Single(customer.GetProperty("expiring").EnumerateArray());
        Assert.Equal(["expiresAt", "points"], Responses.PropertyNames(expiring));
        Assert.Equal(100, expiring.GetProperty("points").GetInt64());
        Assert.Equal(boughtAt.AddDays(365), expiring.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Spend_in_the_last_year_lifts_the_tier_and_the_multiplier()
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 600.00m, Times.HoursAgo(48));

        var second = await PurchaseAsync(customerId, 100.00m, Times.HoursAgo(24));

        // Silver from 500: the second purchase earns floor(100 × 1.25).
        Assert.Equal(125, second.GetProperty("pointsEarned").GetInt64());
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal("Silver", customer.GetProperty("tier").GetString());
        Assert.Equal("repeat", customer.GetProperty("lifecycle").GetString());
        Assert.Equal(725, customer.GetProperty("lifetimePoints").GetInt64());
    }

    [Fact]
    public async Task An_unknown_customer_is_404_and_a_bad_id_400()
    {
        using var unknown = await _api.GetAsync($"/api/v1/customers/{TestIds.New("nobody")}", TestCredentials.StoreACredential);
        using var badId = await _api.GetAsync("/api/v1/customers/c%2042", TestCredentials.StoreACredential);
        using var tooLong = await _api.GetAsync($"/api/v1/customers/{new string('c', 129)}", TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
        await Responses.ExpectProblemAsync(badId, HttpStatusCode.BadRequest, "customerId");
        await Responses.ExpectProblemAsync(tooLong, HttpStatusCode.BadRequest, "customerId");
    }

    [Fact]
    public async Task History_lists_the_most_recent_movements_first()
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 40.00m, Times.HoursAgo(3));
        await PurchaseAsync(customerId, 60.00m, Times.HoursAgo(2));
        await _api.PostOkAsync($"/api/v1/customers/{customerId}/redemptions", new { redemptionId = "D-1", points = 30 }, TestCredentials.StoreACredential);

        var history = await _api.GetOkAsync($"/api/v1/customers/{customerId}/history", TestCredentials.StoreACredential);
        var newest = await _api.GetOkAsync($"/api/v1/customers/{customerId}/history?limit=1", TestCredentials.StoreACredential);

        Assert.Equal(customerId, history.GetProperty("customerId").GetString());
        var movements = history.GetProperty("movements").EnumerateArray().ToList();
        Assert.Equal(3, movements.Count);
        Assert.Equal(["balanceAfter", "kind", "occurredAt", "points", "referenceId"], Responses.PropertyNames(movements[0]));
        Assert.Equal([-30L, 60L, 40L], movements.Select(movement => movement.GetProperty("points").GetInt64()));
        Assert.Equal([70L, 100L, 40L], movements.Select(movement => movement.GetProperty("balanceAfter").GetInt64()));
        Assert.Equal(-30, Assert.Single(newest.GetProperty("movements").EnumerateArray()).GetProperty("points").GetInt64());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("2.5")]
    [InlineData("")]
    public async Task A_bad_history_limit_is_400_naming_it(string limit)
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 1.00m, Times.HoursAgo(1));

        using var response = await _api.GetAsync($"/api/v1/customers/{customerId}/history?limit={limit}", TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task History_takes_limits_from_1_to_500_and_is_404_for_an_unknown_customer()
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 1.00m, Times.HoursAgo(1));

        await _api.GetOkAsync($"/api/v1/customers/{customerId}/history?limit=1", TestCredentials.StoreACredential);
        await _api.GetOkAsync($"/api/v1/customers/{customerId}/history?limit=500", TestCredentials.StoreACredential);
        using var unknown = await _api.GetAsync($"/api/v1/customers/{TestIds.New("nobody")}/history", TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_redemption_spends_points_idempotently()
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 100.00m, Times.HoursAgo(1));
        var redemption = new { redemptionId = TestIds.New("D"), points = 30 };

        var first = await _api.PostOkAsync($"/api/v1/customers/{customerId}/redemptions", redemption, TestCredentials.StoreACredential);
        var again = await _api.PostOkAsync($"/api/v1/customers/{customerId}/redemptions", redemption, TestCredentials.StoreACredential);
        using var changed = await _api.PostAsync($"/api/v1/customers/{customerId}/redemptions", redemption with { points = 31 }, TestCredentials.StoreACredential);

        Assert.Equal(["balance", "duplicate", "redemptionId"], Responses.PropertyNames(first));
        Assert.Equal(70, first.GetProperty("balance").GetInt64());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.Equal(70, again.GetProperty("balance").GetInt64());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        await Responses.ExpectProblemAsync(changed, HttpStatusCode.Conflict);
        await AssertBalanceAsync(customerId, 70);
    }

    [Fact]
    public async Task Redemption_ids_of_a_storefront_and_of_the_customer_are_separate()
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 100.00m, Times.HoursAgo(1));
        var token = Credential.Bearer(await _api.IssueTokenAsync(customerId));
        var redemption = new { redemptionId = "D-1", points = 10 };

        var byStoreA = await _api.PostOkAsync($"/api/v1/customers/{customerId}/redemptions", redemption, TestCredentials.StoreACredential);
        var byStoreB = await _api.PostOkAsync($"/api/v1/customers/{customerId}/redemptions", redemption, TestCredentials.StoreBCredential);
        var byCustomer = await _api.PostOkAsync($"/api/v1/customers/{customerId}/redemptions", redemption, token);

        Assert.All(new[] { byStoreA, byStoreB, byCustomer }, receipt => Assert.False(receipt.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(70, byCustomer.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Redeeming_for_a_customer_the_grid_never_heard_of_is_404_and_creates_nobody()
    {
        var customerId = TestIds.New("c");

        using var response = await _api.PostAsync($"/api/v1/customers/{customerId}/redemptions", new { redemptionId = TestIds.New("D"), points = 1 }, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.NotFound);
        using var read = await _api.GetAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Redeeming_more_than_the_balance_is_409_and_changes_nothing()
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 100.00m, Times.HoursAgo(1));

        using var response = await _api.PostAsync($"/api/v1/customers/{customerId}/redemptions", new { redemptionId = TestIds.New("D"), points = 101 }, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.Conflict);
        await AssertBalanceAsync(customerId, 100);
    }

    [Theory]
    [InlineData("""{ "points": 1 }""", "redemptionId")]
    [InlineData("""{ "redemptionId": "D 1", "points": 1 }""", "redemptionId")]
    [InlineData("""{ "redemptionId": "D-1" }""", "points")]
    [InlineData("""{ "redemptionId": "D-1", "points": 0 }""", "points")]
    [InlineData("""{ "redemptionId": "D-1", "points": -5 }""", "points")]
    [InlineData("""{ "redemptionId": "D-1", "points": 1.5 }""", "points")]
    [InlineData("""{ "redemptionId": "D-1", "points": "1" }""", "points")]
    [InlineData("""{ "redemptionId": "D-1", "points": 1e30 }""", "points")]
    public async Task A_bad_redemption_is_400_naming_the_field(string json, string errorField)
    {
        var customerId = TestIds.New("c");
        await PurchaseAsync(customerId, 100.00m, Times.HoursAgo(1));

        using var response = await _api.PostRawAsync($"/api/v1/customers/{customerId}/redemptions", json, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, errorField);
        await AssertBalanceAsync(customerId, 100);
    }

    [Fact]
    public async Task Erasure_is_204_then_the_customer_is_gone_and_no_personal_data_is_stored()
    {
        var customerId = TestIds.New("c");
        var orderId = TestIds.New("A");
        var marker = Guid.NewGuid().ToString("N");
        var purchase = PurchaseTests.Purchase(orderId, customerId, 100.00m, "USD", Times.HoursAgo(3));
        purchase["items"] = System.Text.Json.Nodes.JsonNode.Parse($$"""[{ "sku": "sku-{{marker}}", "quantity": 1, "unitPrice": 100.00, "category": "cat-{{marker}}" }]""");
        await _api.PostOkAsync("/api/v1/purchases", purchase, TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/complaints", new { complaintId = "K-1", customerId, orderId, category = "quality", occurredAt = Times.Iso(Times.HoursAgo(2)), note = $"note {marker}" }, TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/reviews", new { reviewId = "V-1", customerId, orderId, rating = 2, occurredAt = Times.Iso(Times.HoursAgo(1)), text = $"review {marker}" }, TestCredentials.StoreACredential);
        var before = await server.CustomerPayloadAsync(customerId);
        Assert.NotNull(before);
        Assert.Equal(4, CountOccurrences(before, marker));

        using var erased = await _api.DeleteAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Empty(await erased.Content.ReadAsByteArrayAsync());
        using var read = await _api.GetAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(read, HttpStatusCode.NotFound);
        using var history = await _api.GetAsync($"/api/v1/customers/{customerId}/history", TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(history, HttpStatusCode.NotFound);
        // The journal keeps the events (ids, amounts, points, KPI changes) with their personal data scrubbed.
        var after = await server.CustomerPayloadAsync(customerId);
        Assert.NotNull(after);
        Assert.Equal(0, CountOccurrences(after, marker));
        if (await server.CustomerSnapshotAsync(customerId) is { } snapshot)
        {
            Assert.Equal(0, CountOccurrences(snapshot, marker));
            Assert.Equal(0, History(snapshot).GetArrayLength());
        }
    }

    [Fact]
    public async Task Erasing_an_unknown_customer_is_404()
    {
        using var response = await _api.DeleteAsync($"/api/v1/customers/{TestIds.New("nobody")}", TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<JsonElement> PurchaseAsync(string customerId, decimal amount, DateTimeOffset occurredAt) =>
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, amount, "USD", occurredAt), TestCredentials.StoreACredential);

    private async Task AssertBalanceAsync(string customerId, long balance)
    {
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(balance, customer.GetProperty("balance").GetInt64());
    }

    private static int CountOccurrences(string text, string marker)
    {
        var count = 0;
        for (var index = text.IndexOf(marker, StringComparison.Ordinal); index >= 0; index = text.IndexOf(marker, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static JsonElement History(string payload) =>
        JsonDocument.Parse(payload).RootElement.GetProperty("account").GetProperty("history").Clone();
}
