using System.Net;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

public sealed class RefundTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Path = "/api/v1/refunds";
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task A_partial_refund_reverses_its_share_of_the_points_and_answers_the_fields_of_api_md()
    {
        var (customerId, orderId) = await PurchaseAsync(100.00m);

        var receipt = await _api.PostOkAsync(Path, Refund(TestIds.New("R"), orderId, customerId, 25.00m), TestCredentials.StoreACredential);

        Assert.Equal(["balance", "duplicate", "pointsReversed", "refundId"], Responses.PropertyNames(receipt));
        Assert.Equal(25, receipt.GetProperty("pointsReversed").GetInt64());
        Assert.Equal(75, receipt.GetProperty("balance").GetInt64());
        Assert.False(receipt.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Refunds_in_parts_reverse_exactly_what_the_order_earned()
    {
        var (customerId, orderId) = await PurchaseAsync(99.99m);

        var reversed = 0L;
        foreach (var part in new[] { 33.33m, 33.33m, 33.33m })
        {
            reversed += (await _api.PostOkAsync(Path, Refund(TestIds.New("R"), orderId, customerId, part), TestCredentials.StoreACredential))
                .GetProperty("pointsReversed").GetInt64();
        }

        Assert.Equal(99, reversed);
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(0, customer.GetProperty("balance").GetInt64());
        Assert.Equal(0m, customer.GetProperty("netSpend").GetDecimal());
    }

    [Fact]
    public async Task The_same_refund_again_is_a_duplicate_and_with_other_content_409()
    {
        var (customerId, orderId) = await PurchaseAsync(100.00m);
        var refundId = TestIds.New("R");
        var refund = Refund(refundId, orderId, customerId, 10.00m);
        var first = await _api.PostOkAsync(Path, refund, TestCredentials.StoreACredential);

        var again = await _api.PostOkAsync(Path, refund, TestCredentials.StoreACredential);
        using var changed = await _api.PostAsync(Path, Refund(refundId, orderId, customerId, 20.00m), TestCredentials.StoreACredential);

        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("pointsReversed").GetInt64(), again.GetProperty("pointsReversed").GetInt64());
        Assert.Equal(first.GetProperty("balance").GetInt64(), again.GetProperty("balance").GetInt64());
        await Responses.ExpectProblemAsync(changed, HttpStatusCode.Conflict);
        await AssertBalanceAsync(customerId, 90);
    }

    [Fact]
    public async Task Refunding_more_than_is_left_is_409_and_changes_nothing()
    {
        var (customerId, orderId) = await PurchaseAsync(100.00m);
        await _api.PostOkAsync(Path, Refund(TestIds.New("R"), orderId, customerId, 60.00m), TestCredentials.StoreACredential);

        using var response = await _api.PostAsync(Path, Refund(TestIds.New("R"), orderId, customerId, 40.01m), TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.Conflict);
        await AssertBalanceAsync(customerId, 40);
    }

    [Fact]
    public async Task An_unknown_order_or_customer_is_404()
    {
        var (customerId, _) = await PurchaseAsync(10.00m);

        using var unknownOrder = await _api.PostAsync(Path, Refund(TestIds.New("R"), "no-such-order", customerId, 1.00m), TestCredentials.StoreACredential);
        using var unknownCustomer = await _api.PostAsync(Path, Refund(TestIds.New("R"), "no-such-order", TestIds.New("c"), 1.00m), TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(unknownOrder, HttpStatusCode.NotFound);
        await Responses.ExpectProblemAsync(unknownCustomer, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_storefront_cannot_refund_an_order_it_did_not_sell()
    {
        var (customerId, orderId) = await PurchaseAsync(50.00m);

        using var response = await _api.PostAsync(Path, Refund(TestIds.New("R"), orderId, customerId, 10.00m), TestCredentials.StoreBCredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.NotFound);
        await AssertBalanceAsync(customerId, 50);
    }

    [Theory]
    [InlineData("refundId", null)]
    [InlineData("refundId", "\"R 1\"")]
    [InlineData("orderId", null)]
    [InlineData("customerId", null)]
    [InlineData("amount", null)]
    [InlineData("amount", "0")]
    [InlineData("amount", "-1")]
    [InlineData("amount", "1.005")]
    [InlineData("amount", "true")]
    [InlineData("occurredAt", null)]
    [InlineData("occurredAt", "\"2026-11-22T10:00\"")]
    public async Task A_bad_field_is_400_naming_it_and_changes_nothing(string field, string? replacement)
    {
        var (customerId, orderId) = await PurchaseAsync(10.00m);
        var body = Refund(TestIds.New("R"), orderId, customerId, 5.00m);
        if (replacement is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(replacement);
        }

        using var response = await _api.PostAsync(Path, body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
        await AssertBalanceAsync(customerId, 10);
    }

    [Fact]
    public async Task Decimals_in_a_refund_of_a_JPY_order_are_400_naming_amount_and_change_nothing()
    {
        // 15,000 JPY at 0.0067 is 100.50 USD: 100 points.
        var (customerId, orderId) = await PurchaseAsync(15000m, "JPY");
        var refundId = TestIds.New("R");

        using var response = await _api.PostAsync(Path, Refund(refundId, orderId, customerId, 99.5m), TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "amount");
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(100, customer.GetProperty("balance").GetInt64());
        Assert.Equal(100.50m, customer.GetProperty("netSpend").GetDecimal());
        // Nothing was recorded under the id: the whole amount with it is an ordinary refund.
        var whole = await _api.PostOkAsync(Path, Refund(refundId, orderId, customerId, 1500m), TestCredentials.StoreACredential);
        Assert.False(whole.GetProperty("duplicate").GetBoolean());
        Assert.Equal(10, whole.GetProperty("pointsReversed").GetInt64());
    }

    private async Task<(string CustomerId, string OrderId)> PurchaseAsync(decimal amount, string currency = "USD")
    {
        var customerId = TestIds.New("c");
        var orderId = TestIds.New("A");
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(orderId, customerId, amount, currency, Times.HoursAgo(2)), TestCredentials.StoreACredential);
        return (customerId, orderId);
    }

    private static JsonObject Refund(string refundId, string orderId, string customerId, decimal amount) =>
        EventBodies.Refund(refundId, orderId, customerId, amount, Times.HoursAgo(1));

    private async Task AssertBalanceAsync(string customerId, long balance)
    {
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(balance, customer.GetProperty("balance").GetInt64());
    }
}
