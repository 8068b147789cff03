using System.Net;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>
/// Input a trial found the API still accepted: fractions of a currency without a minor unit,
/// events from the future, misspelt query parameters of admin endpoints; and problems that
/// spelt one status two ways.
/// </summary>
public sealed class InputLimitsTests(ApiServer server) : IClassFixture<ApiServer>
{
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task A_fraction_of_a_yen_is_a_400_naming_the_amount_and_whole_yen_earn()
    {
        var customerId = TestIds.New("c");

        var fraction = await _api.PostAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 99.5m, "JPY"), TestCredentials.StoreACredential);
        var item = PurchaseTests.Purchase(TestIds.New("A"), customerId, 1000m, "JPY");
        item["items"] = new JsonArray { new JsonObject { ["sku"] = "tea", ["quantity"] = 2, ["unitPrice"] = 499.99m } };
        var itemFraction = await _api.PostAsync("/api/v1/purchases", item, TestCredentials.StoreACredential);
        var batch = await _api.PostOkAsync(
            "/api/v1/events:batch",
            new JsonObject { ["events"] = new JsonArray { Typed("purchase", PurchaseTests.Purchase(TestIds.New("A"), customerId, 0.01m, "JPY")) } },
            TestCredentials.StoreACredential);

        var problem = await Responses.ExpectProblemAsync(fraction, HttpStatusCode.BadRequest, "amount");
        Assert.Contains("JPY", problem.GetProperty("errors").GetProperty("amount")[0].GetString(), StringComparison.Ordinal);
        await Responses.ExpectProblemAsync(itemFraction, HttpStatusCode.BadRequest, "items[0].unitPrice");
        var result = batch.GetProperty("results")[0];
        Assert.Equal(400, result.GetProperty("status").GetInt32());
        Assert.True(result.GetProperty("problem").GetProperty("errors").TryGetProperty("amount", out _), result.ToString());

        // 10,000 JPY × 0.0067 = 67.00 USD → 67 points; two-decimal currencies keep their cents.
        var whole = await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10_000m, "JPY"), TestCredentials.StoreACredential);
        Assert.Equal(67, whole.GetProperty("pointsEarned").GetInt64());
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 99.5m, "EUR"), TestCredentials.StoreACredential);
    }

    [Fact]
    public async Task An_event_from_beyond_the_allowed_clock_skew_is_a_400_naming_occurred_at()
    {
        var customerId = TestIds.New("c");
        var now = TimeProvider.System.GetUtcNow();

        var nextWeek = await _api.PostAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10m, "USD", now.AddDays(7)), TestCredentials.StoreACredential);
        var inAnHour = await _api.PostAsync(
            "/api/v1/visits",
            new JsonObject { ["sessionId"] = TestIds.New("s"), ["market"] = "DE", ["occurredAt"] = Times.Iso(now.AddHours(1)) },
            TestCredentials.StoreACredential);
        var batch = await _api.PostOkAsync(
            "/api/v1/events:batch",
            new JsonObject { ["events"] = new JsonArray { Typed("purchase", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10m, "USD", now.AddMinutes(30))) } },
            TestCredentials.StoreACredential);

        var problem = await Responses.ExpectProblemAsync(nextWeek, HttpStatusCode.BadRequest, "occurredAt");
        Assert.Contains("00:05:00", problem.GetProperty("errors").GetProperty("occurredAt")[0].GetString(), StringComparison.Ordinal);
        await Responses.ExpectProblemAsync(inAnHour, HttpStatusCode.BadRequest, "occurredAt");
        Assert.Equal(400, batch.GetProperty("results")[0].GetProperty("status").GetInt32());

        // A storefront clock a minute ahead is within the default skew of five minutes.
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10m, "USD", now.AddMinutes(1)), TestCredentials.StoreACredential);
    }

    [Theory]
    [InlineData("GET", "/api/v1/kpis?markt=DE", "markt")]
    [InlineData("GET", "/api/v1/kpis?market=DE&storefrnt=store-a", "storefrnt")]
    [InlineData("POST", "/api/v1/model/fit?as_of=2026-01-01T00:00:00Z", "as_of")]
    [InlineData("POST", "/api/v1/model/fit?asOf=&dryRun=true", "dryRun")]
    public async Task An_unknown_query_parameter_of_an_admin_endpoint_is_a_400_naming_it(string method, string path, string parameter)
    {
        using var response = await _api.SendAsync(new HttpMethod(method), path, TestCredentials.OpsCredential, null);

        var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, parameter);
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task The_model_fit_takes_as_of_from_the_query_where_empty_means_now()
    {
        // Someone who bought on two days, so there is something to fit whatever else the server holds.
        var customerId = TestIds.New("c");
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10m, "USD", Times.HoursAgo(24 * 20)), TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10m, "USD", Times.HoursAgo(24 * 3)), TestCredentials.StoreACredential);
        var before = TimeProvider.System.GetUtcNow();

        using var empty = await _api.SendAsync(HttpMethod.Post, "/api/v1/model/fit?asOf=", TestCredentials.OpsCredential, null);
        using var past = await _api.SendAsync(HttpMethod.Post, "/api/v1/model/fit?asOf=1970-01-02T00:00:00Z", TestCredentials.OpsCredential, null);
        using var bad = await _api.SendAsync(HttpMethod.Post, "/api/v1/model/fit?asOf=yesterday", TestCredentials.OpsCredential, null);
        using var both = await _api.SendAsync(HttpMethod.Post, "/api/v1/model/fit?asOf=2026-01-01T00:00:00Z", TestCredentials.OpsCredential, JsonContent(new JsonObject { ["asOf"] = "2026-01-01T00:00:00Z" }));

        var fit = await Responses.ExpectJsonAsync(empty, HttpStatusCode.OK);
        Assert.InRange(fit.GetProperty("asOf").GetDateTimeOffset(), before.AddSeconds(-1), TimeProvider.System.GetUtcNow());
        await Responses.ExpectProblemAsync(past, HttpStatusCode.Conflict);
        await Responses.ExpectProblemAsync(bad, HttpStatusCode.BadRequest, "asOf");
        await Responses.ExpectProblemAsync(both, HttpStatusCode.BadRequest, "asOf");
    }

    [Fact]
    public async Task Every_404_of_the_api_has_the_same_title()
    {
        using var unknownRoute = await _api.GetAsync("/api/v1/no-such-thing", TestCredentials.StoreACredential);
        using var unknownCustomer = await _api.GetAsync($"/api/v1/customers/{TestIds.New("c")}", TestCredentials.StoreACredential);
        using var unknownOrder = await _api.PostAsync(
            "/api/v1/refunds",
            new JsonObject { ["refundId"] = TestIds.New("R"), ["orderId"] = TestIds.New("A"), ["customerId"] = TestIds.New("c"), ["amount"] = 1m, ["occurredAt"] = Times.Iso(Times.HoursAgo(1)) },
            TestCredentials.StoreACredential);

        var titles = new List<string?>();
        foreach (var response in new[] { unknownRoute, unknownCustomer, unknownOrder })
        {
            var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.NotFound);
            Assert.Equal("urn:loyaltygrid:problem:not-found", problem.GetProperty("type").GetString());
            titles.Add(problem.GetProperty("title").GetString());
        }

        Assert.Equal(["Not found", "Not found", "Not found"], titles);
    }

    private static JsonObject Typed(string type, JsonObject body)
    {
        body["type"] = type;
        return body;
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
