using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>Sentiment labels of reviews, complaint notes and survey comments; surveys and their KPIs (api.md, kpis.md).</summary>
public sealed class FeedbackTests(ApiServer server) : IClassFixture<ApiServer>
{
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task A_review_carries_the_label_of_its_text_fixed_when_accepted()
    {
        var (customerId, orderId) = await BuyerAsync("DE");
        var negative = EventBodies.Review(TestIds.New("V"), customerId, orderId, 1, Times.HoursAgo(1), "Terrible quality, it broke after one day.");
        var positive = EventBodies.Review(TestIds.New("V"), customerId, orderId, 5, Times.HoursAgo(1), "品質很好，非常滿意！");
        var untexted = EventBodies.Review(TestIds.New("V"), customerId, orderId, 3, Times.HoursAgo(1));

        var first = await _api.PostOkAsync("/api/v1/reviews", negative, TestCredentials.StoreACredential);
        var again = await _api.PostOkAsync("/api/v1/reviews", negative, TestCredentials.StoreACredential);
        var chinese = await _api.PostOkAsync("/api/v1/reviews", positive, TestCredentials.StoreACredential);
        var none = await _api.PostOkAsync("/api/v1/reviews", untexted, TestCredentials.StoreACredential);

        Assert.Equal("negative", first.GetProperty("sentiment").GetString());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal("negative", again.GetProperty("sentiment").GetString());
        Assert.Equal("positive", chinese.GetProperty("sentiment").GetString());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("sentiment").ValueKind);
        // The label is journaled with the event, beside the text it came from.
        var stored = await server.CustomerPayloadAsync(customerId);
        Assert.Contains("\"sentiment\":\"negative\"", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_survey_answer_is_labelled_and_idempotent_by_storefront_and_response_id()
    {
        var (customerId, _) = await BuyerAsync("FR");
        foreach (var owner in new[] { customerId, null })
        {
            var body = EventBodies.Survey(TestIds.New("R"), "nps", 9, Times.HoursAgo(1), owner, comment: "Fast delivery, great service.");

            var first = await _api.PostOkAsync("/api/v1/surveys", body, TestCredentials.StoreACredential);
            var again = await _api.PostOkAsync("/api/v1/surveys", body, TestCredentials.StoreACredential);
            var otherStorefront = await _api.PostOkAsync("/api/v1/surveys", body, TestCredentials.StoreBCredential);
            using var changed = await _api.PostAsync("/api/v1/surveys", Changed(body, "score", 3), TestCredentials.StoreACredential);

            Assert.Equal(body["responseId"]!.GetValue<string>(), first.GetProperty("responseId").GetString());
            Assert.Equal("positive", first.GetProperty("sentiment").GetString());
            Assert.False(first.GetProperty("duplicate").GetBoolean());
            Assert.True(again.GetProperty("duplicate").GetBoolean());
            Assert.Equal("positive", again.GetProperty("sentiment").GetString());
            Assert.False(otherStorefront.GetProperty("duplicate").GetBoolean());
            await Responses.ExpectProblemAsync(changed, HttpStatusCode.Conflict);
        }

        var silent = await _api.PostOkAsync("/api/v1/surveys", EventBodies.Survey(TestIds.New("R"), "csat", 4, Times.HoursAgo(1)), TestCredentials.StoreACredential);
        Assert.Equal(JsonValueKind.Null, silent.GetProperty("sentiment").ValueKind);
    }

    [Fact]
    public async Task A_batch_takes_survey_entries_with_and_without_a_customer()
    {
        var (customerId, orderId) = await BuyerAsync("NL");
        var owned = EventBodies.Survey(TestIds.New("R"), "nps", 10, Times.HoursAgo(1), customerId, orderId, "Perfect, thank you!");
        var anonymous = EventBodies.Survey(TestIds.New("R"), "csat", 1, Times.HoursAgo(1), comment: "物流很慢，包裝破損。");
        var bad = EventBodies.Survey(TestIds.New("R"), "csat", 9, Times.HoursAgo(1));
        var entries = new JsonArray(
            [.. new[] { owned, anonymous, bad }.Select(entry => (JsonNode)JsonNode.Parse(entry.ToJsonString())!.AsObject())]);
        foreach (var entry in entries)
        {
            entry!["type"] = "survey";
        }

        var batch = await _api.PostOkAsync("/api/v1/events:batch", new JsonObject { ["events"] = entries }, TestCredentials.StoreACredential);

        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([200, 200, 400], results.Select(result => result.GetProperty("status").GetInt32()));
        Assert.Equal("positive", results[0].GetProperty("body").GetProperty("sentiment").GetString());
        Assert.Equal("negative", results[1].GetProperty("body").GetProperty("sentiment").GetString());
        Assert.True(results[2].GetProperty("problem").GetProperty("errors").TryGetProperty("score", out _));
    }

    [Theory]
    [InlineData("responseId", null)]
    [InlineData("responseId", "\"r 1\"")]
    [InlineData("kind", null)]
    [InlineData("kind", "\"ces\"")]
    [InlineData("score", null)]
    [InlineData("score", "11")]
    [InlineData("score", "-1")]
    [InlineData("score", "7.5")]
    [InlineData("score", "\"9\"")]
    [InlineData("occurredAt", "\"yesterday\"")]
    [InlineData("customerId", "\"c#1\"")]
    [InlineData("orderId", "\"o 1\"")]
    [InlineData("comment", "42")]
    public async Task A_bad_survey_field_is_400_naming_it(string field, string? replacement)
    {
        var body = EventBodies.Survey(TestIds.New("R"), "nps", 8, Times.HoursAgo(1), TestIds.New("c"), "A-1", "ok");
        if (replacement is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(replacement);
        }

        using var response = await _api.PostAsync("/api/v1/surveys", body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task A_csat_score_outside_1_to_5_is_400(int score)
    {
        using var response = await _api.PostAsync("/api/v1/surveys", EventBodies.Survey(TestIds.New("R"), "csat", score, Times.HoursAgo(1)), TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "score");
    }

    [Fact]
    public async Task A_survey_comment_over_2000_characters_is_400()
    {
        var body = EventBodies.Survey(TestIds.New("R"), "nps", 10, Times.HoursAgo(1), comment: new string('x', 2001));

        using var response = await _api.PostAsync("/api/v1/surveys", body, TestCredentials.StoreACredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "comment");
    }

    [Fact]
    public async Task Surveys_reviews_and_complaint_notes_make_the_nps_surveyCsat_and_sentiment_kpis()
    {
        // Everything here is about one order placed in PT, so the market:PT scope holds exactly this test's events.
        var (customerId, orderId) = await BuyerAsync("PT");
        var at = Times.HoursAgo(1);
        var answers = new (string Kind, int Score, string? Comment)[]
        {
            ("nps", 10, "Excellent, I love this shop."),
            ("nps", 9, null),
            ("nps", 7, "I ordered the blue one."),
            ("nps", 3, "物流太慢了，非常失望。"),
            ("csat", 5, "很滿意"),
            ("csat", 2, null),
        };
        foreach (var (kind, score, comment) in answers)
        {
            await _api.PostOkAsync("/api/v1/surveys", EventBodies.Survey(TestIds.New("R"), kind, score, at, customerId, orderId, comment), TestCredentials.StoreACredential);
        }

        await _api.PostOkAsync("/api/v1/reviews", EventBodies.Review(TestIds.New("V"), customerId, orderId, 2, at, "Not good, the stitching came apart."), TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/reviews", EventBodies.Review(TestIds.New("V"), customerId, orderId, 4, at), TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/complaints", EventBodies.Complaint(TestIds.New("K"), customerId, "logistics", at, orderId, "The parcel arrived damaged."), TestCredentials.StoreACredential);

        var snapshot = await EventuallyAsync("?market=PT", s => s.GetProperty("allTime").GetProperty("npsResponses").GetInt64() == 4
            && s.GetProperty("allTime").GetProperty("sentiment").GetProperty("negative").GetInt64() == 3);

        foreach (var bucket in new[] { snapshot.GetProperty("allTime"), snapshot.GetProperty("live").GetProperty("last60m") })
        {
            Assert.Equal(4, bucket.GetProperty("npsResponses").GetInt64());
            Assert.Equal(2, bucket.GetProperty("promoters").GetInt64());
            Assert.Equal(1, bucket.GetProperty("passives").GetInt64());
            Assert.Equal(1, bucket.GetProperty("detractors").GetInt64());
            Assert.Equal(25m, bucket.GetProperty("nps").GetDecimal());
            Assert.Equal(2, bucket.GetProperty("csatResponses").GetInt64());
            Assert.Equal(0.5m, bucket.GetProperty("surveyCsat").GetDecimal());
            // Labelled: 3 survey comments + "很滿意", 1 review text, 1 complaint note.
            var sentiment = bucket.GetProperty("sentiment");
            Assert.Equal(2, sentiment.GetProperty("positive").GetInt64());
            Assert.Equal(1, sentiment.GetProperty("neutral").GetInt64());
            Assert.Equal(3, sentiment.GetProperty("negative").GetInt64());
            Assert.Equal(0.5m, sentiment.GetProperty("negativeShare").GetDecimal());
        }

        // Reviews keep their own csat: the two are different questions.
        Assert.Equal(2, snapshot.GetProperty("allTime").GetProperty("reviews").GetInt64());
        Assert.Equal(0.5m, snapshot.GetProperty("allTime").GetProperty("csat").GetDecimal());
    }

    [Fact]
    public async Task An_anonymous_answer_counts_in_its_storefront()
    {
        var before = (await EventuallyAsync("?storefront=store-b", _ => true)).GetProperty("allTime");

        await _api.PostOkAsync("/api/v1/surveys", EventBodies.Survey(TestIds.New("R"), "csat", 5, Times.HoursAgo(1), comment: "Terrible packaging."), TestCredentials.StoreBCredential);

        var after = (await EventuallyAsync("?storefront=store-b", s =>
            s.GetProperty("allTime").GetProperty("csatResponses").GetInt64() > before.GetProperty("csatResponses").GetInt64())).GetProperty("allTime");
        Assert.Equal(before.GetProperty("csatResponses").GetInt64() + 1, after.GetProperty("csatResponses").GetInt64());
        Assert.Equal(before.GetProperty("sentiment").GetProperty("negative").GetInt64() + 1, after.GetProperty("sentiment").GetProperty("negative").GetInt64());
    }

    [Fact]
    public async Task Erasure_removes_survey_comments_and_review_texts_and_keeps_the_labels_counted()
    {
        var (customerId, orderId) = await BuyerAsync("IE");
        var marker = Guid.NewGuid().ToString("N");
        await _api.PostOkAsync("/api/v1/surveys", EventBodies.Survey(TestIds.New("R"), "nps", 2, Times.HoursAgo(1), customerId, orderId, $"awful {marker}"), TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/reviews", EventBodies.Review(TestIds.New("V"), customerId, orderId, 5, Times.HoursAgo(1), $"great {marker}"), TestCredentials.StoreACredential);
        Assert.Equal(2, Occurrences(await server.CustomerPayloadAsync(customerId), marker));
        var counted = await EventuallyAsync("?market=IE", s => s.GetProperty("allTime").GetProperty("reviews").GetInt64() == 1
            && s.GetProperty("allTime").GetProperty("npsResponses").GetInt64() == 1);
        Assert.Equal(("1", "1"), (counted.GetProperty("allTime").GetProperty("sentiment").GetProperty("positive").ToString(), counted.GetProperty("allTime").GetProperty("sentiment").GetProperty("negative").ToString()));

        using var erased = await _api.DeleteAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal(0, Occurrences(await server.CustomerPayloadAsync(customerId), marker));
        if (await server.CustomerSnapshotAsync(customerId) is { } snapshot)
        {
            Assert.Equal(0, Occurrences(snapshot, marker));
        }

        // The KPI totals the customer contributed stay (api.md), labels included.
        var after = await EventuallyAsync("?market=IE", _ => true);
        Assert.Equal(counted.GetProperty("allTime").GetProperty("sentiment").ToString(), after.GetProperty("allTime").GetProperty("sentiment").ToString());
        Assert.Equal(1, after.GetProperty("allTime").GetProperty("detractors").GetInt64());
    }

    private async Task<(string CustomerId, string OrderId)> BuyerAsync(string market)
    {
        var (customerId, orderId) = (TestIds.New("c"), TestIds.New("A"));
        await _api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(orderId, customerId, 50m, Times.HoursAgo(2), market: market), TestCredentials.StoreACredential);
        return (customerId, orderId);
    }

    private async Task<JsonElement> EventuallyAsync(string query, Func<JsonElement, bool> settled)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var snapshot = await _api.GetOkAsync("/api/v1/kpis" + query, TestCredentials.OpsCredential);
            if (settled(snapshot) || DateTime.UtcNow > deadline)
            {
                return snapshot;
            }

            await Task.Delay(100);
        }
    }

    private static JsonObject Changed(JsonObject body, string field, int value)
    {
        var copy = JsonNode.Parse(body.ToJsonString())!.AsObject();
        copy[field] = value;
        return copy;
    }

    private static int Occurrences(string? text, string marker)
    {
        var count = 0;
        for (var index = text?.IndexOf(marker, StringComparison.Ordinal) ?? -1; index >= 0; index = text!.IndexOf(marker, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
