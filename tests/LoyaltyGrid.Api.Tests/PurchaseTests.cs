using System.Net;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

public sealed class PurchaseTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Path = "/api/v1/purchases";
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task A_purchase_earns_points_and_answers_exactly_the_fields_of_api_md()
    {
        var customerId = TestIds.New("c");

        var receipt = await _api.PostOkAsync(Path, Purchase(TestIds.New("A"), customerId, 100.00m, "USD"), TestCredentials.StoreACredential);

        Assert.Equal(["balance", "campaigns", "customerId", "duplicate", "orderId", "pointsEarned", "tier"], Responses.PropertyNames(receipt));
        Assert.Equal(customerId, receipt.GetProperty("customerId").GetString());
        Assert.Equal(100, receipt.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(100, receipt.GetProperty("balance").GetInt64());
        Assert.Equal("Member", receipt.GetProperty("tier").GetString());
        Assert.Empty(receipt.GetProperty("campaigns").EnumerateArray());
        Assert.False(receipt.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task An_amount_in_another_currency_earns_on_its_reporting_amount()
    {
        // 59.90 EUR × 1.08 = 64.69 USD → 64 points, as in api.md's example.
        var receipt = await _api.PostOkAsync(Path, Purchase(TestIds.New("A"), TestIds.New("c"), 59.90m, "EUR"), TestCredentials.StoreACredential);

        Assert.Equal(64, receipt.GetProperty("pointsEarned").GetInt64());
    }

    [Fact]
    public async Task The_same_order_again_returns_the_original_result_marked_duplicate_and_changes_nothing()
    {
        var customerId = TestIds.New("c");
        var orderId = TestIds.New("A");
        var purchase = Purchase(orderId, customerId, 100.00m, "USD");
        var first = await _api.PostOkAsync(Path, purchase, TestCredentials.StoreACredential);
        await _api.PostOkAsync(Path, Purchase(TestIds.New("A"), customerId, 10.00m, "USD"), TestCredentials.StoreACredential);

        var again = await _api.PostOkAsync(Path, purchase, TestCredentials.StoreACredential);

        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("pointsEarned").GetInt64(), again.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(first.GetProperty("balance").GetInt64(), again.GetProperty("balance").GetInt64());
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(2, customer.GetProperty("orders").GetInt32());
        Assert.Equal(110, customer.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task The_same_order_id_with_other_content_is_409_and_changes_nothing()
    {
        var customerId = TestIds.New("c");
        var orderId = TestIds.New("A");
        var at = Times.HoursAgo(1);
        await _api.PostOkAsync(Path, Purchase(orderId, customerId, 100.00m, "USD", at), TestCredentials.StoreACredential);

        using var response = await _api.PostAsync(Path, Purchase(orderId, customerId, 150.00m, "USD", at), TestCredentials.StoreACredential);

        var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("urn:loyaltygrid:problem:conflict", problem.GetProperty("type").GetString());
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(100, customer.GetProperty("balance").GetInt64());
        Assert.Equal(1, customer.GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task Two_storefronts_may_use_the_same_order_id()
    {
        var customerId = TestIds.New("c");
        var orderId = TestIds.New("A");

        var fromA = await _api.PostOkAsync(Path, Purchase(orderId, customerId, 100.00m, "USD"), TestCredentials.StoreACredential);
        var fromB = await _api.PostOkAsync(Path, Purchase(orderId, customerId, 100.00m, "USD"), TestCredentials.StoreBCredential);

        Assert.False(fromA.GetProperty("duplicate").GetBoolean());
        Assert.False(fromB.GetProperty("duplicate").GetBoolean());
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        Assert.Equal(2, customer.GetProperty("orders").GetInt32());
        Assert.Equal(200, customer.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var body = Purchase(TestIds.New("A"), TestIds.New("c"), 20.00m, "USD");
        body["loyaltyCardColour"] = "gold";
        body["nested"] = new JsonObject { ["anything"] = new JsonArray(1, 2, 3) };

        var receipt = await _api.PostOkAsync(Path, body, TestCredentials.StoreACredential);

        Assert.Equal(20, receipt.GetProperty("pointsEarned").GetInt64());
    }

    [Fact]
    public async Task Optional_session_and_items_are_accepted()
    {
        var body = Purchase(TestIds.New("A"), TestIds.New("c"), 30.00m, "GBP");
        body["sessionId"] = "s-9";
        body["items"] = JsonNode.Parse("""[{ "sku": "CD 123/B", "quantity": 2, "unitPrice": 15.00, "category": "music" }, { "sku": "gift", "quantity": 1, "unitPrice": 0 }]""");

        var receipt = await _api.PostOkAsync(Path, body, TestCredentials.StoreACredential);

        // 30.00 GBP × 1.27 = 38.10 USD → 38 points.
        Assert.Equal(38, receipt.GetProperty("pointsEarned").GetInt64());
    }

    public static TheoryData<string, string?, string> InvalidFields() => new()
    {
        // field, replacement JSON (null: remove the field), the field errors must name
        { "orderId", null, "orderId" },
        { "orderId", "\"\"", "orderId" },
        { "orderId", "\"A 1\"", "orderId" },
        { "orderId", $"\"{new string('a', 129)}\"", "orderId" },
        { "orderId", "1001", "orderId" },
        { "customerId", null, "customerId" },
        { "customerId", "\"c/42\"", "customerId" },
        { "amount", null, "amount" },
        { "amount", "0", "amount" },
        { "amount", "-5", "amount" },
        { "amount", "59.901", "amount" },
        { "amount", "\"59.90\"", "amount" },
        { "amount", "1e13", "amount" },
        { "amount", "null", "amount" },
        { "currency", null, "currency" },
        { "currency", "\"eur\"", "currency" },
        { "currency", "\"EURO\"", "currency" },
        { "currency", "978", "currency" },
        { "market", null, "market" },
        { "market", "\"de\"", "market" },
        { "market", "\"XX\"", "market" },
        { "market", "\"UK\"", "market" },
        { "market", "\"DEU\"", "market" },
        { "occurredAt", null, "occurredAt" },
        { "occurredAt", "\"2026-11-22T10:00:00\"", "occurredAt" },
        { "occurredAt", "\"2026-11-22\"", "occurredAt" },
        { "occurredAt", "\"22/11/2026 10:00 +01:00\"", "occurredAt" },
        { "occurredAt", "\"1900-01-01T00:00:00Z\"", "occurredAt" },
        { "occurredAt", "1764000000", "occurredAt" },
        { "sessionId", "\"s 9\"", "sessionId" },
        { "items", "{}", "items" },
        { "items", "[5]", "items[0]" },
        { "items", """[{ "quantity": 1, "unitPrice": 1 }]""", "items[0].sku" },
        { "items", """[{ "sku": "x", "quantity": 0, "unitPrice": 1 }]""", "items[0].quantity" },
        { "items", """[{ "sku": "x", "quantity": 1.5, "unitPrice": 1 }]""", "items[0].quantity" },
        { "items", """[{ "sku": "x", "quantity": 1, "unitPrice": -1 }]""", "items[0].unitPrice" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task A_bad_field_is_400_naming_it_and_changes_nothing(string field, string? replacement, string errorField)
    {
        var customerId = TestIds.New("c");
        var body = Purchase(TestIds.New("A"), customerId, 10.00m, "USD");
        if (replacement is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(replacement);
        }

        using var response = await _api.PostAsync(Path, body, TestCredentials.StoreACredential);

        var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, errorField);
        Assert.Equal("urn:loyaltygrid:problem:validation", problem.GetProperty("type").GetString());
        await AssertUnknownAsync(customerId);
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        using var response = await _api.PostRawAsync(Path, """{ "orderId": "A 1", "amount": "ten", "currency": "usd", "occurredAt": "soon" }""", TestCredentials.StoreACredential);

        var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(
            ["amount", "currency", "customerId", "market", "occurredAt", "orderId"],
            Responses.PropertyNames(problem.GetProperty("errors")));
    }

    [Theory]
    [InlineData("""{ "orderId": """)]
    [InlineData("""{ "orderId": "A-1", }""")]
    [InlineData("""[ { "orderId": "A-1" } ]""")]
    [InlineData("\"purchase\"")]
    [InlineData("")]
    public async Task Malformed_json_is_400_naming_the_body(string json)
    {
        using var response = await _api.PostRawAsync(Path, json, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task A_field_given_twice_is_400()
    {
        var customerId = TestIds.New("c");
        var json = $$"""{ "orderId": "A-1", "customerId": "{{customerId}}", "amount": 10, "amount": 1000, "currency": "USD", "market": "US", "occurredAt": "{{Times.Iso(Times.HoursAgo(1))}}" }""";

        using var response = await _api.PostRawAsync(Path, json, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "amount");
        await AssertUnknownAsync(customerId);
    }

    [Fact]
    public async Task A_currency_outside_the_rate_table_is_422_and_changes_nothing()
    {
        var customerId = TestIds.New("c");

        using var response = await _api.PostAsync(Path, Purchase(TestIds.New("A"), customerId, 10.00m, "SEK"), TestCredentials.StoreACredential);

        var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:loyaltygrid:problem:unknown-currency", problem.GetProperty("type").GetString());
        Assert.Contains("SEK", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertUnknownAsync(customerId);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_changes_nothing()
    {
        var customerId = TestIds.New("c");
        var body = Purchase(TestIds.New("A"), customerId, 10.00m, "USD");
        body["padding"] = new string('x', 1024 * 1024);

        using var response = await _api.PostAsync(Path, body, TestCredentials.StoreACredential);

        var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("urn:loyaltygrid:problem:payload-too-large", problem.GetProperty("type").GetString());
        await AssertUnknownAsync(customerId);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var response = await _api.PostRawAsync(Path, "orderId=A-1&amount=10", TestCredentials.StoreACredential, "application/x-www-form-urlencoded");

        await Responses.ExpectProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_wrong_method_or_an_unknown_path_is_a_problem_too()
    {
        using var wrongMethod = await _api.GetAsync(Path, TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);

        using var unknownPath = await _api.GetAsync("/api/v1/no-such-thing", TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(unknownPath, HttpStatusCode.NotFound);
    }

    internal static JsonObject Purchase(string orderId, string customerId, decimal amount, string currency, DateTimeOffset? occurredAt = null) =>
        EventBodies.Purchase(orderId, customerId, amount, occurredAt ?? Times.HoursAgo(1), currency);

    private async Task AssertUnknownAsync(string customerId)
    {
        using var read = await _api.GetAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(read, HttpStatusCode.NotFound);
    }
}
