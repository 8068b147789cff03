using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>
/// Campaigns through the API (api.md, "Campaigns"; rules.md, "Campaigns"). Campaigns are grid-wide
/// and this class shares one server, so each test confines its campaigns to a market of its own.
/// </summary>
public sealed class CampaignTests(ApiServer server) : IClassFixture<ApiServer>
{
    // Read each time: a restart gives the server a new client.
    private ApiClient Api => server.Api;

    public static JsonObject Terms(string name, decimal? multiplier = null, long? bonusPoints = null, string[]? markets = null, bool firstPurchaseOnly = false, decimal? minAmount = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["startsAt"] = Times.Iso(Times.HoursAgo(48)),
            ["endsAt"] = Times.Iso(DateTimeOffset.UtcNow.AddDays(1)),
        };
        if (multiplier is { } m)
        {
            body["multiplier"] = m;
        }

        if (bonusPoints is { } b)
        {
            body["bonusPoints"] = b;
        }

        if (markets is not null)
        {
            body["markets"] = new JsonArray([.. markets.Select(market => JsonValue.Create(market))]);
        }

        if (minAmount is { } min)
        {
            body["minAmount"] = min;
        }

        body["firstPurchaseOnly"] = firstPurchaseOnly;
        return body;
    }

    public static async Task<JsonElement> PutCampaignAsync(ApiClient api, string campaignId, JsonObject terms)
    {
        using var response = await api.PutAsync($"/api/v1/campaigns/{campaignId}", terms, TestCredentials.OpsCredential);
        return await Responses.ExpectJsonAsync(response, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","multiplier":2}""", "name")]
    [InlineData("""{"name":"","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","multiplier":2}""", "name")]
    [InlineData("""{"name":"n","endsAt":"2026-02-01T00:00:00Z","multiplier":2}""", "startsAt")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01","endsAt":"2026-02-01T00:00:00Z","multiplier":2}""", "startsAt")]
    [InlineData("""{"name":"n","startsAt":"2026-02-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","multiplier":2}""", "endsAt")]
    [InlineData("""{"name":"n","startsAt":"2026-02-01T00:00:00Z","endsAt":"2026-01-01T00:00:00Z","multiplier":2}""", "endsAt")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z"}""", "multiplier")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z"}""", "bonusPoints")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","multiplier":0.5}""", "multiplier")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","multiplier":"2"}""", "multiplier")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":-1}""", "bonusPoints")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":1.5}""", "bonusPoints")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":5,"markets":["DE","XX"]}""", "markets[1]")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":5,"markets":"DE"}""", "markets")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":5,"storefronts":["store a"]}""", "storefronts[0]")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":5,"minAmount":-1}""", "minAmount")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":5,"minAmount":1.001}""", "minAmount")]
    [InlineData("""{"name":"n","startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z","bonusPoints":5,"firstPurchaseOnly":"yes"}""", "firstPurchaseOnly")]
    public async Task A_bad_campaign_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var campaignId = TestIds.New("bad");

        var reply = await Api.ReplyAsync(HttpMethod.Put, $"/api/v1/campaigns/{campaignId}", TestCredentials.OpsCredential, body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/problem+json", reply.MediaType);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _), reply.ToString());
        var listed = await Api.GetOkAsync("/api/v1/campaigns", TestCredentials.OpsCredential);
        Assert.DoesNotContain(listed.GetProperty("campaigns").EnumerateArray(), campaign => campaign.GetProperty("campaignId").GetString() == campaignId);
    }

    [Fact]
    public async Task Ops_create_replace_and_list_campaigns_and_storefronts_may_not()
    {
        var campaignId = TestIds.New("camp");
        var created = await PutCampaignAsync(Api, campaignId, Terms("Summer", multiplier: 1.5m, markets: ["PT"], minAmount: 20m));
        var extended = Terms("Summer, extended", bonusPoints: 25, markets: ["PT"]);
        var replaced = await PutCampaignAsync(Api, campaignId, extended);
        var repeated = await PutCampaignAsync(Api, campaignId, extended);
        var storefront = await Api.ReplyAsync(HttpMethod.Put, $"/api/v1/campaigns/{campaignId}", TestCredentials.StoreACredential, Terms("Mine", bonusPoints: 1).ToJsonString());
        var storefrontList = await Api.ReplyAsync(HttpMethod.Get, "/api/v1/campaigns", TestCredentials.StoreACredential);
        var badId = await Api.ReplyAsync(HttpMethod.Put, "/api/v1/campaigns/no%20spaces", TestCredentials.OpsCredential, Terms("x", bonusPoints: 1).ToJsonString());

        Assert.Equal(1.5m, created.GetProperty("multiplier").GetDecimal());
        Assert.Equal(20m, created.GetProperty("minAmount").GetDecimal());
        var listed = (await Api.GetOkAsync("/api/v1/campaigns", TestCredentials.OpsCredential)).GetProperty("campaigns").EnumerateArray()
            .Single(campaign => campaign.GetProperty("campaignId").GetString() == campaignId);
        Assert.Equal(replaced.ToString(), listed.ToString());
        // A change is a new version; the same terms again are not.
        Assert.Equal([1, 2, 2], new[] { created, replaced, repeated }.Select(campaign => campaign.GetProperty("version").GetInt32()));
        Assert.Equal("Summer, extended", listed.GetProperty("name").GetString());
        Assert.Equal(25, listed.GetProperty("bonusPoints").GetInt64());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("multiplier").ValueKind);
        Assert.Equal(["PT"], listed.GetProperty("markets").EnumerateArray().Select(market => market.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, storefront.Status);
        Assert.Equal(HttpStatusCode.Forbidden, storefrontList.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
        Assert.True(badId.Json.GetProperty("errors").TryGetProperty("campaignId", out _), badId.ToString());
    }

    [Fact]
    public async Task A_purchase_earns_the_points_of_the_campaigns_that_apply_and_names_them()
    {
        var doubled = TestIds.New("double");
        var welcome = TestIds.New("welcome");
        var large = TestIds.New("large");
        await PutCampaignAsync(Api, doubled, Terms("Double in France", multiplier: 2m, markets: ["FR"]));
        await PutCampaignAsync(Api, welcome, Terms("Welcome", bonusPoints: 50, markets: ["FR"], firstPurchaseOnly: true));
        await PutCampaignAsync(Api, large, Terms("Large baskets", multiplier: 3m, markets: ["FR"], minAmount: 1000m));
        var customerId = TestIds.New("c");

        var first = await PurchaseAsync(customerId, 100.00m, "FR");
        var second = await PurchaseAsync(customerId, 100.00m, "FR");
        var elsewhere = await PurchaseAsync(customerId, 100.00m, "BE");

        Assert.Equal(250, first.GetProperty("pointsEarned").GetInt64()); // floor(100 × 1 × 2) + 50
        Assert.Equal(new[] { doubled, welcome }.Order(StringComparer.Ordinal), CampaignIds(first).Order(StringComparer.Ordinal));
        Assert.Equal(200, second.GetProperty("pointsEarned").GetInt64());
        Assert.Equal([doubled], CampaignIds(second));
        Assert.Equal(100, elsewhere.GetProperty("pointsEarned").GetInt64());
        Assert.Empty(CampaignIds(elsewhere));
        Assert.Equal(550, elsewhere.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task A_refund_of_a_campaign_purchase_reverses_its_share_of_the_campaign_points_too()
    {
        await PutCampaignAsync(Api, TestIds.New("refund"), Terms("Triple plus ten in Italy", multiplier: 3m, bonusPoints: 10, markets: ["IT"]));
        var customerId = TestIds.New("c");
        var purchase = await PurchaseAsync(customerId, 100.00m, "IT");
        var orderId = purchase.GetProperty("orderId").GetString()!;
        Assert.Equal(310, purchase.GetProperty("pointsEarned").GetInt64());

        var part = await Api.PostOkAsync("/api/v1/refunds", EventBodies.Refund(TestIds.New("R"), orderId, customerId, 25.00m, Times.HoursAgo(1)), TestCredentials.StoreACredential);
        var rest = await Api.PostOkAsync("/api/v1/refunds", EventBodies.Refund(TestIds.New("R"), orderId, customerId, 75.00m, Times.HoursAgo(1)), TestCredentials.StoreACredential);

        Assert.Equal(77, part.GetProperty("pointsReversed").GetInt64()); // floor(310 × 25 / 100)
        Assert.Equal(233, rest.GetProperty("pointsReversed").GetInt64()); // 310 − 77: a full refund reverses exactly what the order earned
        Assert.Equal(0, rest.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Editing_or_adding_a_campaign_changes_neither_a_purchase_made_before_nor_its_replay_after_a_restart()
    {
        var campaignId = TestIds.New("edit");
        await PutCampaignAsync(Api, campaignId, Terms("Triple in Spain", multiplier: 3m, markets: ["ES"]));
        var customerId = TestIds.New("c");
        var orderId = TestIds.New("A");
        var body = EventBodies.Purchase(orderId, customerId, 100.00m, Times.HoursAgo(3), market: "ES");
        var before = await Api.PostOkAsync("/api/v1/purchases", body, TestCredentials.StoreACredential);

        await PutCampaignAsync(Api, campaignId, Terms("Only a bonus in Spain now", bonusPoints: 5, markets: ["ES"]));
        // Running since before the first order: replay must not apply it to that order.
        var addedId = TestIds.New("added");
        await PutCampaignAsync(Api, addedId, Terms("Fifty more in Spain", bonusPoints: 50, markets: ["ES"]));
        var retried = await Api.PostOkAsync("/api/v1/purchases", body, TestCredentials.StoreACredential);
        var after = await PurchaseAsync(customerId, 100.00m, "ES");
        await server.KillAndRestartAsync();
        var restarted = server.Api;
        var retriedAfterRestart = await restarted.PostOkAsync("/api/v1/purchases", body, TestCredentials.StoreACredential);
        var customer = await restarted.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreACredential);
        var refund = await restarted.PostOkAsync("/api/v1/refunds", EventBodies.Refund(TestIds.New("R"), orderId, customerId, 100.00m, Times.HoursAgo(1)), TestCredentials.StoreACredential);

        Assert.Equal(300, before.GetProperty("pointsEarned").GetInt64());
        Assert.Equal([campaignId], CampaignIds(before));
        foreach (var again in new[] { retried, retriedAfterRestart })
        {
            Assert.True(again.GetProperty("duplicate").GetBoolean());
            Assert.Equal(300, again.GetProperty("pointsEarned").GetInt64());
            Assert.Equal([campaignId], CampaignIds(again));
        }

        Assert.Equal(155, after.GetProperty("pointsEarned").GetInt64()); // the new terms: 100 + 5 + 50
        Assert.Equal(new[] { addedId, campaignId }.Order(StringComparer.Ordinal), CampaignIds(after));
        // Replayed from the journal after the restart, the first order still holds its 300 points.
        Assert.Equal(455, customer.GetProperty("balance").GetInt64());
        Assert.Equal(300, refund.GetProperty("pointsReversed").GetInt64());
    }

    [Fact]
    public async Task A_campaign_saved_on_this_server_applies_to_the_next_purchase_sent_to_it()
    {
        var campaignId = TestIds.New("now");
        var customerId = TestIds.New("c");
        var without = await PurchaseAsync(customerId, 10.00m, "NL");

        await PutCampaignAsync(Api, campaignId, Terms("Bonus in the Netherlands", bonusPoints: 7, markets: ["NL"]));
        var with = await PurchaseAsync(customerId, 10.00m, "NL");

        Assert.Equal(10, without.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(17, with.GetProperty("pointsEarned").GetInt64());
        Assert.Equal([campaignId], CampaignIds(with));
    }

    private async Task<JsonElement> PurchaseAsync(string customerId, decimal amount, string market) =>
        await Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("A"), customerId, amount, Times.HoursAgo(2), market: market), TestCredentials.StoreACredential);

    public static string[] CampaignIds(JsonElement purchase) =>
        [.. purchase.GetProperty("campaigns").EnumerateArray().Select(id => id.GetString()!)];
}
