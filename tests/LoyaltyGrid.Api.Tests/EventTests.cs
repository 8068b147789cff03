using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>Visits, complaints, reviews and referrals.</summary>
public sealed class EventTests(ApiServer server) : IClassFixture<ApiServer>
{
    private readonly ApiClient _api = server.Api;
    private readonly string _at = Times.Iso(Times.HoursAgo(1));

    [Fact]
    public async Task A_visit_is_202_and_a_session_counts_once_per_storefront()
    {
        var sessionId = TestIds.New("s");
        var body = new { sessionId, customerId = TestIds.New("c"), market = "FR", occurredAt = _at };

        var first = await PostAsync("/api/v1/visits", body, TestCredentials.StoreACredential, HttpStatusCode.Accepted);
        var again = await PostAsync("/api/v1/visits", body, TestCredentials.StoreACredential, HttpStatusCode.Accepted);
        var otherStorefront = await PostAsync("/api/v1/visits", body, TestCredentials.StoreBCredential, HttpStatusCode.Accepted);
        var anonymous = await PostAsync("/api/v1/visits", new { sessionId = TestIds.New("s"), market = "JP", occurredAt = _at }, TestCredentials.StoreACredential, HttpStatusCode.Accepted);

        Assert.Equal(sessionId, first.GetProperty("sessionId").GetString());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.False(otherStorefront.GetProperty("duplicate").GetBoolean());
        Assert.False(anonymous.GetProperty("duplicate").GetBoolean());
    }

    [Theory]
    [InlineData("sessionId", null)]
    [InlineData("sessionId", "\"s 1\"")]
    [InlineData("customerId", "\"c#1\"")]
    [InlineData("market", null)]
    [InlineData("market", "\"ZZ\"")]
    [InlineData("occurredAt", "\"tomorrow\"")]
    public async Task A_bad_visit_field_is_400(string field, string? replacement)
    {
        var body = Mutate(new JsonObject { ["sessionId"] = TestIds.New("s"), ["customerId"] = "c-1", ["market"] = "FR", ["occurredAt"] = _at }, field, replacement);

        using var response = await _api.PostAsync("/api/v1/visits", body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_complaint_is_opened_responded_to_and_resolved()
    {
        var customerId = TestIds.New("c");
        var complaintId = TestIds.New("K");
        var open = new { complaintId, customerId, orderId = "A-1", category = "not-as-described", occurredAt = Times.Iso(Times.HoursAgo(5)), note = "Sleeve was torn.\nSecond line." };

        var opened = await _api.PostOkAsync("/api/v1/complaints", open, TestCredentials.StoreACredential);
        var responded = await _api.PostOkAsync($"/api/v1/complaints/{complaintId}/response", new { customerId, occurredAt = Times.Iso(Times.HoursAgo(4)) }, TestCredentials.StoreACredential);
        var resolved = await _api.PostOkAsync($"/api/v1/complaints/{complaintId}/resolution", new { customerId, occurredAt = Times.Iso(Times.HoursAgo(3)) }, TestCredentials.StoreACredential);

        Assert.Equal("open", opened.GetProperty("state").GetString());
        Assert.Equal(1, opened.GetProperty("openComplaints").GetInt32());
        Assert.Equal("responded", responded.GetProperty("state").GetString());
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.Equal(0, resolved.GetProperty("openComplaints").GetInt32());
        Assert.All(new[] { opened, responded, resolved }, receipt => Assert.False(receipt.GetProperty("duplicate").GetBoolean()));
    }

    [Fact]
    public async Task Complaint_events_are_idempotent_and_a_reused_id_with_other_content_is_409()
    {
        var customerId = TestIds.New("c");
        var complaintId = TestIds.New("K");
        var open = new { complaintId, customerId, category = "logistics", occurredAt = _at };
        await _api.PostOkAsync("/api/v1/complaints", open, TestCredentials.StoreACredential);
        var progress = new { customerId, occurredAt = _at };
        await _api.PostOkAsync($"/api/v1/complaints/{complaintId}/response", progress, TestCredentials.StoreACredential);

        var openAgain = await _api.PostOkAsync("/api/v1/complaints", open, TestCredentials.StoreACredential);
        var respondAgain = await _api.PostOkAsync($"/api/v1/complaints/{complaintId}/response", progress, TestCredentials.StoreACredential);
        using var otherCategory = await _api.PostAsync("/api/v1/complaints", open with { category = "payment" }, TestCredentials.StoreACredential);

        Assert.True(openAgain.GetProperty("duplicate").GetBoolean());
        Assert.True(respondAgain.GetProperty("duplicate").GetBoolean());
        await Responses.ExpectProblemAsync(otherCategory, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Progress_on_an_unknown_complaint_is_404()
    {
        var customerId = TestIds.New("c");
        await _api.PostOkAsync("/api/v1/complaints", new { complaintId = TestIds.New("K"), customerId, category = "service", occurredAt = _at }, TestCredentials.StoreACredential);

        using var response = await _api.PostAsync("/api/v1/complaints/K-unknown/response", new { customerId, occurredAt = _at }, TestCredentials.StoreACredential);
        using var resolution = await _api.PostAsync("/api/v1/complaints/K-unknown/resolution", new { customerId, occurredAt = _at }, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.NotFound);
        await Responses.ExpectProblemAsync(resolution, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_complaint_category_of_api_md_is_accepted()
    {
        var customerId = TestIds.New("c");
        foreach (var category in new[] { "logistics", "quality", "not-as-described", "return-refund", "payment", "service" })
        {
            var receipt = await _api.PostOkAsync("/api/v1/complaints", new { complaintId = TestIds.New("K"), customerId, category, occurredAt = _at }, TestCredentials.StoreACredential);
            Assert.Equal("open", receipt.GetProperty("state").GetString());
        }
    }

    [Theory]
    [InlineData("complaintId", null)]
    [InlineData("customerId", null)]
    [InlineData("orderId", "\"A 1\"")]
    [InlineData("category", null)]
    [InlineData("category", "\"shipping\"")]
    [InlineData("category", "\"Quality\"")]
    [InlineData("occurredAt", null)]
    [InlineData("note", "42")]
    public async Task A_bad_complaint_field_is_400(string field, string? replacement)
    {
        var body = Mutate(new JsonObject { ["complaintId"] = TestIds.New("K"), ["customerId"] = TestIds.New("c"), ["category"] = "quality", ["occurredAt"] = _at }, field, replacement);

        using var response = await _api.PostAsync("/api/v1/complaints", body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_note_may_have_2000_characters_but_not_2001()
    {
        var customerId = TestIds.New("c");
        var longest = new { complaintId = TestIds.New("K"), customerId, category = "quality", occurredAt = _at, note = new string('n', 2000) };
        var tooLong = longest with { complaintId = TestIds.New("K"), note = new string('n', 2001) };

        await _api.PostOkAsync("/api/v1/complaints", longest, TestCredentials.StoreACredential);
        using var response = await _api.PostAsync("/api/v1/complaints", tooLong, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "note");
    }

    [Theory]
    [InlineData("/api/v1/complaints/K%201/response", "complaintId")]
    [InlineData("/api/v1/complaints/K-1/resolution", "customerId")]
    public async Task Complaint_progress_checks_the_route_id_and_the_body(string path, string errorField)
    {
        var body = errorField == "customerId" ? (object)new { occurredAt = _at } : new { customerId = "c-1", occurredAt = _at };

        using var response = await _api.PostAsync(path, body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, errorField);
    }

    [Fact]
    public async Task The_first_review_of_an_order_earns_50_points_and_later_ones_nothing()
    {
        var customerId = TestIds.New("c");
        var orderId = TestIds.New("A");
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(orderId, customerId, 10.00m, "USD", Times.HoursAgo(2)), TestCredentials.StoreACredential);
        var review = new { reviewId = TestIds.New("V"), customerId, orderId, rating = 5, occurredAt = _at, text = "Great pressing." };

        var first = await _api.PostOkAsync("/api/v1/reviews", review, TestCredentials.StoreACredential);
        var again = await _api.PostOkAsync("/api/v1/reviews", review, TestCredentials.StoreACredential);
        var second = await _api.PostOkAsync("/api/v1/reviews", review with { reviewId = TestIds.New("V"), rating = 1 }, TestCredentials.StoreACredential);
        using var changed = await _api.PostAsync("/api/v1/reviews", review with { rating = 4 }, TestCredentials.StoreACredential);

        Assert.Equal(50, first.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(60, first.GetProperty("balance").GetInt64());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(50, again.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(0, second.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(60, second.GetProperty("balance").GetInt64());
        await Responses.ExpectProblemAsync(changed, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("reviewId", null)]
    [InlineData("customerId", null)]
    [InlineData("orderId", null)]
    [InlineData("rating", null)]
    [InlineData("rating", "0")]
    [InlineData("rating", "6")]
    [InlineData("rating", "4.5")]
    [InlineData("rating", "\"5\"")]
    [InlineData("occurredAt", "\"2026-13-01T00:00:00Z\"")]
    [InlineData("text", "[\"a\"]")]
    public async Task A_bad_review_field_is_400(string field, string? replacement)
    {
        var body = Mutate(new JsonObject { ["reviewId"] = TestIds.New("V"), ["customerId"] = TestIds.New("c"), ["orderId"] = "A-1", ["rating"] = 3, ["occurredAt"] = _at }, field, replacement);

        using var response = await _api.PostAsync("/api/v1/reviews", body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_referral_pays_the_referrer_when_the_referee_first_buys()
    {
        var referrerId = TestIds.New("c");
        var refereeId = TestIds.New("c");
        var referral = new { referralId = TestIds.New("F"), referrerId, refereeId, occurredAt = Times.Iso(Times.HoursAgo(3)) };

        var recorded = await _api.PostOkAsync("/api/v1/referrals", referral, TestCredentials.StoreACredential);
        var again = await _api.PostOkAsync("/api/v1/referrals", referral, TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), refereeId, 10.00m, "USD", Times.HoursAgo(2)), TestCredentials.StoreACredential);

        Assert.Equal("recorded", recorded.GetProperty("outcome").GetString());
        Assert.Equal(referrerId, recorded.GetProperty("referrerId").GetString());
        Assert.Equal(refereeId, recorded.GetProperty("refereeId").GetString());
        Assert.False(recorded.GetProperty("duplicate").GetBoolean());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        using var otherReferrer = await _api.PostAsync("/api/v1/referrals", referral with { referrerId = TestIds.New("c") }, TestCredentials.StoreACredential);
        await Responses.ExpectProblemAsync(otherReferrer, HttpStatusCode.Conflict);
        var referrer = await EventuallyAsync(
            () => _api.GetAsync($"/api/v1/customers/{referrerId}", TestCredentials.StoreACredential),
            body => body.GetProperty("balance").GetInt64() == 200);
        Assert.Equal(200, referrer.GetProperty("lifetimePoints").GetInt64());
    }

    [Fact]
    public async Task A_self_referral_earns_nothing()
    {
        var customerId = TestIds.New("c");

        var receipt = await _api.PostOkAsync("/api/v1/referrals", new { referralId = TestIds.New("F"), referrerId = customerId, refereeId = customerId, occurredAt = _at }, TestCredentials.StoreACredential);

        Assert.Equal("self-referral", receipt.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("referralId", null)]
    [InlineData("referrerId", null)]
    [InlineData("refereeId", null)]
    [InlineData("refereeId", "\"\"")]
    [InlineData("occurredAt", "\"2026-11-22T10:00:00+25:00\"")]
    public async Task A_bad_referral_field_is_400(string field, string? replacement)
    {
        var body = Mutate(new JsonObject { ["referralId"] = TestIds.New("F"), ["referrerId"] = TestIds.New("c"), ["refereeId"] = TestIds.New("c"), ["occurredAt"] = _at }, field, replacement);

        using var response = await _api.PostAsync("/api/v1/referrals", body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("/api/v1/refunds")]
    [InlineData("/api/v1/visits")]
    [InlineData("/api/v1/complaints")]
    [InlineData("/api/v1/complaints/K-1/response")]
    [InlineData("/api/v1/complaints/K-1/resolution")]
    [InlineData("/api/v1/reviews")]
    [InlineData("/api/v1/referrals")]
    [InlineData("/api/v1/customers/c-1/redemptions")]
    [InlineData("/api/v1/events:batch")]
    public async Task Every_endpoint_with_a_body_answers_413_over_the_limit(string path)
    {
        var body = new { customerId = "c-1", padding = new string('x', 1024 * 1024) };

        using var response = await _api.PostAsync(path, body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    private async Task<JsonElement> PostAsync(string path, object body, Credential credential, HttpStatusCode status)
    {
        using var response = await _api.PostAsync(path, body, credential);
        return await Responses.ExpectJsonAsync(response, status);
    }

    private static JsonObject Mutate(JsonObject body, string field, string? replacement)
    {
        if (replacement is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(replacement);
        }

        return body;
    }

    /// <summary>Polls until <paramref name="done"/> holds, for effects the grains deliver after answering.</summary>
    private static async Task<JsonElement> EventuallyAsync(Func<Task<HttpResponseMessage>> read, Func<JsonElement, bool> done)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        string last = "";
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            using var response = await read();
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = JsonDocument.Parse(last).RootElement.Clone();
                if (done(body))
                {
                    return body;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"The condition did not hold in time; last answer: {last}");
    }
}
