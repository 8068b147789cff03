using System.Text.Json.Nodes;
using LoyaltyGrid.Security.Tests.Support;
using Xunit.Abstractions;

namespace LoyaltyGrid.Security.Tests.BadInput;

/// <summary>
/// Requests that are well-formed but sit at the edges of the rules: the earliest and latest
/// accepted times, the smallest and largest amounts, refunds and redemptions of everything,
/// complaint progress out of order, referral cycles, events for an erased customer; rewards out
/// of stock, withdrawn, of the largest value and validity or costing every point, claims of them,
/// campaigns over all time or one tick, surveys at the ends of their scales, ledgers and reports
/// of the earliest and latest months. Each may be
/// accepted or refused, but never with a 5xx, and a refusal is a proper problem. Times in the year
/// 2199 are not an edge but bad input: they lie beyond the API's clock skew (Api:MaxClockSkew,
/// five minutes by default), so those steps must be a 400 naming occurredAt.
/// </summary>
[Collection(SecurityServerCollection.Name)]
public sealed class EdgeCaseTests(SecurityServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Well_formed_requests_at_the_edges_of_the_rules_are_answered_2xx_or_4xx_problems()
    {
        var prefix = $"edge{Guid.NewGuid():N}"[..12];
        var a = $"{prefix}-a";
        var b = $"{prefix}-b";
        var storefront = SecurityKeys.StoreACredential;
        var steps = new List<(string Name, HttpMethod Method, string Path, JsonObject? Body)>
        {
            ("earliest purchase", HttpMethod.Post, "/api/v1/purchases", Purchase("o1", a, 0.01m, "1970-01-01T00:00:00Z")),
            ("latest purchase", HttpMethod.Post, "/api/v1/purchases", Purchase("o2", a, 1_000_000_000_000m, "2199-12-31T23:59:59-12:00")),
            ("largest amount again, today", HttpMethod.Post, "/api/v1/purchases", Purchase("o3", a, 999_999_999_999.99m, Templates.At(1))),
            ("refund of everything", HttpMethod.Post, "/api/v1/refunds", new JsonObject { ["refundId"] = "r1", ["orderId"] = "o2", ["customerId"] = a, ["amount"] = 1_000_000_000_000m, ["occurredAt"] = "2199-12-31T23:59:59Z" }),
            ("refund after everything", HttpMethod.Post, "/api/v1/refunds", new JsonObject { ["refundId"] = "r2", ["orderId"] = "o2", ["customerId"] = a, ["amount"] = 0.01m, ["occurredAt"] = Templates.At(1) }),
            ("refund before the order", HttpMethod.Post, "/api/v1/refunds", new JsonObject { ["refundId"] = "r3", ["orderId"] = "o3", ["customerId"] = a, ["amount"] = 0.01m, ["occurredAt"] = "1970-01-01T00:00:00Z" }),
            ("redeem a huge number", HttpMethod.Post, $"/api/v1/customers/{a}/redemptions", new JsonObject { ["redemptionId"] = "d1", ["points"] = long.MaxValue }),
            ("resolution before a response", HttpMethod.Post, $"/api/v1/complaints/k1/resolution", new JsonObject { ["customerId"] = a, ["occurredAt"] = Templates.At(1) }),
            ("complaint", HttpMethod.Post, "/api/v1/complaints", new JsonObject { ["complaintId"] = "k1", ["customerId"] = a, ["category"] = "payment", ["occurredAt"] = Templates.At(1) }),
            ("response before the complaint", HttpMethod.Post, $"/api/v1/complaints/k1/response", new JsonObject { ["customerId"] = a, ["occurredAt"] = "1970-01-01T00:00:00Z" }),
            ("resolution of another customer's complaint", HttpMethod.Post, $"/api/v1/complaints/k1/resolution", new JsonObject { ["customerId"] = b, ["occurredAt"] = Templates.At(0.5) }),
            ("review of another customer's order", HttpMethod.Post, "/api/v1/reviews", new JsonObject { ["reviewId"] = "v1", ["customerId"] = b, ["orderId"] = "o1", ["rating"] = 1, ["occurredAt"] = Templates.At(1) }),
            ("review in 2199", HttpMethod.Post, "/api/v1/reviews", new JsonObject { ["reviewId"] = "v2", ["customerId"] = a, ["orderId"] = "o2", ["rating"] = 5, ["occurredAt"] = "2199-12-31T23:59:59Z" }),
            ("a refers b", HttpMethod.Post, "/api/v1/referrals", new JsonObject { ["referralId"] = "f1", ["referrerId"] = a, ["refereeId"] = b, ["occurredAt"] = Templates.At(2) }),
            ("b refers a", HttpMethod.Post, "/api/v1/referrals", new JsonObject { ["referralId"] = "f2", ["referrerId"] = b, ["refereeId"] = a, ["occurredAt"] = Templates.At(2) }),
            ("b refers b", HttpMethod.Post, "/api/v1/referrals", new JsonObject { ["referralId"] = "f3", ["referrerId"] = b, ["refereeId"] = b, ["occurredAt"] = Templates.At(2) }),
            ("b buys", HttpMethod.Post, "/api/v1/purchases", Purchase("o4", b, 10m, Templates.At(1))),
            ("erase b", HttpMethod.Delete, $"/api/v1/customers/{b}", null),
            ("erase b again", HttpMethod.Delete, $"/api/v1/customers/{b}", null),
            ("read erased b", HttpMethod.Get, $"/api/v1/customers/{b}", null),
            ("history of erased b", HttpMethod.Get, $"/api/v1/customers/{b}/history?limit=500", null),
            ("token for erased b", HttpMethod.Post, $"/api/v1/customers/{b}/tokens", null),
            ("b buys again after erasure", HttpMethod.Post, "/api/v1/purchases", Purchase("o5", b, 10m, Templates.At(1))),
            ("old order of erased b again", HttpMethod.Post, "/api/v1/purchases", Purchase("o4", b, 10m, Templates.At(1))),
            ("refund of erased b's order", HttpMethod.Post, "/api/v1/refunds", new JsonObject { ["refundId"] = "r4", ["orderId"] = "o4", ["customerId"] = b, ["amount"] = 1m, ["occurredAt"] = Templates.At(0.5) }),
            ("visit of the latest time", HttpMethod.Post, "/api/v1/visits", new JsonObject { ["sessionId"] = $"{prefix}-s", ["customerId"] = a, ["market"] = "DE", ["occurredAt"] = "2199-12-31T23:59:59Z" }),
            ("purchase converting it in 1970", HttpMethod.Post, "/api/v1/purchases", Purchase("o6", a, 1m, "1970-01-01T00:00:00Z", $"{prefix}-s")),
            ("128-character ids", HttpMethod.Post, "/api/v1/purchases", Purchase(new string('9', 128), $"{prefix}-{new string('z', 128 - prefix.Length - 1)}", 1m, Templates.At(1))),
            ("history of a", HttpMethod.Get, $"/api/v1/customers/{a}/history?limit=500", null),
            ("read a", HttpMethod.Get, $"/api/v1/customers/{a}", null),
            ("kpis", HttpMethod.Get, "/api/v1/kpis", null),
            ("reward out of stock", HttpMethod.Put, $"/api/v1/rewards/{prefix}-r0", Reward("Gone", 1, 0.01m, "EUR", 1, stock: 0)),
            ("claim of a reward out of stock", HttpMethod.Post, $"/api/v1/customers/{a}/claims", Claim("k0", $"{prefix}-r0")),
            ("reward of the largest value and validity", HttpMethod.Put, $"/api/v1/rewards/{prefix}-r1", Reward(new string('n', 200), 1, 1_000_000_000_000m, "JPY", 36_500)),
            ("claim of it", HttpMethod.Post, $"/api/v1/customers/{a}/claims", Claim("k1", $"{prefix}-r1")),
            ("the same claim id for another reward", HttpMethod.Post, $"/api/v1/customers/{a}/claims", Claim("k1", $"{prefix}-r0")),
            ("reward costing every point there can be", HttpMethod.Put, $"/api/v1/rewards/{prefix}-r2", Reward("All", long.MaxValue, 1m, "EUR", 1)),
            ("claim of it by a", HttpMethod.Post, $"/api/v1/customers/{a}/claims", Claim("k2", $"{prefix}-r2")),
            ("reward withdrawn", HttpMethod.Put, $"/api/v1/rewards/{prefix}-r2", Reward("All", 1, 1m, "EUR", 1, active: false)),
            ("claim of the withdrawn reward", HttpMethod.Post, $"/api/v1/customers/{a}/claims", Claim("k3", $"{prefix}-r2")),
            ("claim for erased b", HttpMethod.Post, $"/api/v1/customers/{b}/claims", Claim("k4", $"{prefix}-r1")),
            ("coupon nobody was given", HttpMethod.Post, $"/api/v1/coupons/{prefix}ABCDEFGHJKLM/redemptions", new JsonObject { ["orderId"] = "o1" }),
            // Only for a storefront no key has, so it changes no other test's points.
            ("campaign over all time at the highest rates", HttpMethod.Put, $"/api/v1/campaigns/{prefix}-m1", new JsonObject
            {
                ["name"] = new string('n', 200), ["startsAt"] = "1970-01-01T00:00:00Z", ["endsAt"] = "2199-12-31T23:59:59Z",
                ["multiplier"] = 100, ["bonusPoints"] = 1_000_000, ["storefronts"] = new JsonArray(Templates.CampaignStorefront), ["markets"] = new JsonArray(), ["minAmount"] = 0,
            }),
            ("campaign of one tick", HttpMethod.Put, $"/api/v1/campaigns/{prefix}-m2", new JsonObject
            {
                ["name"] = "Blink", ["startsAt"] = "2026-01-01T00:00:00.0000000Z", ["endsAt"] = "2026-01-01T00:00:00.0000001Z", ["bonusPoints"] = 0,
                ["storefronts"] = new JsonArray(Templates.CampaignStorefront), ["minAmount"] = 1_000_000_000_000m,
            }),
            ("csat of 1 in 1970 with the longest comment", HttpMethod.Post, "/api/v1/surveys", Survey("n1", a, "csat", 1, "1970-01-01T00:00:00Z", new string('c', 2000))),
            ("anonymous nps of 0", HttpMethod.Post, "/api/v1/surveys", Survey("n2", null, "nps", 0, Templates.At(1), null)),
            ("nps of 10 from erased b", HttpMethod.Post, "/api/v1/surveys", Survey("n3", b, "nps", 10, Templates.At(1), "ok")),
            ("ledger of a", HttpMethod.Get, $"/api/v1/customers/{a}/history?format=csv", null),
            ("ledger of erased b", HttpMethod.Get, $"/api/v1/customers/{b}/history?format=csv", null),
            ("campaigns by channel in 1970", HttpMethod.Get, "/api/v1/kpis/channels?month=1970-01&by=campaign", null),
            ("channels in 9999", HttpMethod.Get, "/api/v1/kpis/channels?month=9999-12", null),
            ("experiment nobody saw", HttpMethod.Get, $"/api/v1/experiments/{prefix}-none", null),
            ("webhook deliveries, the most", HttpMethod.Get, "/api/v1/webhooks/deliveries?limit=1000", null),
        };

        var failures = new List<string>();
        foreach (var (name, method, path, body) in steps)
        {
            var credential = IsOps(method, path) ? SecurityKeys.OpsCredential : storefront;
            var reply = await server.Api.ReplyAsync(method, path, credential, body?.ToJsonString(), body is null ? null : "application/json");
            output.WriteLine($"{name}: {reply.Code}");
            if (body?["occurredAt"]?.GetValue<string>().StartsWith("2199-", StringComparison.Ordinal) == true)
            {
                if (reply.Code != 400 || Problems.Check4xx(reply, path) is not null || !reply.Json.GetProperty("errors").TryGetProperty("occurredAt", out _))
                {
                    failures.Add($"{name}: expected a 400 naming occurredAt, got {reply}");
                }
            }
            else if (reply.Code is < 200 or > 299 && Problems.Check4xx(reply, path) is { } wrong)
            {
                failures.Add($"{name}: {wrong}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static bool IsOps(HttpMethod method, string path) =>
        path.StartsWith("/api/v1/kpis", StringComparison.Ordinal)
        || path.StartsWith("/api/v1/campaigns", StringComparison.Ordinal)
        || path.StartsWith("/api/v1/experiments", StringComparison.Ordinal)
        || path.StartsWith("/api/v1/webhooks", StringComparison.Ordinal)
        || (method == HttpMethod.Put && path.StartsWith("/api/v1/rewards", StringComparison.Ordinal));

    private static JsonObject Reward(string name, long pointsCost, decimal value, string currency, int validDays, long? stock = null, bool active = true) => new()
    {
        ["name"] = name,
        ["pointsCost"] = pointsCost,
        ["value"] = value,
        ["currency"] = currency,
        ["validDays"] = validDays,
        ["stock"] = stock,
        ["active"] = active,
    };

    private static JsonObject Claim(string claimId, string rewardId) => new() { ["claimId"] = claimId, ["rewardId"] = rewardId };

    private static JsonObject Survey(string responseId, string? customerId, string kind, int score, string occurredAt, string? comment) => new()
    {
        ["responseId"] = responseId,
        ["customerId"] = customerId,
        ["kind"] = kind,
        ["score"] = score,
        ["occurredAt"] = occurredAt,
        ["comment"] = comment,
    };

    private static JsonObject Purchase(string orderId, string customerId, decimal amount, string occurredAt, string? sessionId = null)
    {
        var body = new JsonObject
        {
            ["orderId"] = orderId,
            ["customerId"] = customerId,
            ["amount"] = amount,
            ["currency"] = "EUR",
            ["market"] = "DE",
            ["occurredAt"] = occurredAt,
        };
        if (sessionId is not null)
        {
            body["sessionId"] = sessionId;
        }

        return body;
    }
}
