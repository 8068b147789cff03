using System.Text.Json.Nodes;
using LoyaltyGrid.Security.Tests.Support;
using Xunit.Abstractions;

namespace LoyaltyGrid.Security.Tests.BadInput;

/// <summary>
/// Requests that are well-formed but sit at the edges of the rules: the earliest and latest
/// accepted times, the smallest and largest amounts, refunds and redemptions of everything,
/// complaint progress out of order, referral cycles, events for an erased customer. Each may be
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
        };

        var failures = new List<string>();
        foreach (var (name, method, path, body) in steps)
        {
            var credential = path.StartsWith("/api/v1/kpis", StringComparison.Ordinal) ? SecurityKeys.OpsCredential : storefront;
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
