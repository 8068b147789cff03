using System.Globalization;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>
/// The ids one request is about; a fresh set per fuzz case, fixed ones for the seeded customer.
/// <see cref="CouponCode"/> is made up (the server draws real ones), so it names a real coupon
/// only where a test claimed one and put its code here.
/// </summary>
public sealed record Subject(
    string CustomerId, string OtherCustomerId, string OrderId, string EventId, string SessionId, string ComplaintId,
    string RewardId, string CampaignId, string ExperimentId, string CouponCode)
{
    public static Subject Fresh(string prefix, long number)
    {
        var n = number.ToString(CultureInfo.InvariantCulture);
        return new(
            $"{prefix}-c{n}", $"{prefix}-p{n}", $"{prefix}-o{n}", $"{prefix}-e{n}", $"{prefix}-s{n}", $"{prefix}-k{n}",
            $"{prefix}-r{n}", $"{prefix}-m{n}", $"{prefix}-t{n}", $"{prefix}-q{n}");
    }
}

/// <summary>
/// One endpoint of api.md with a valid body for a subject (null for endpoints without a body);
/// <see cref="Route"/> picks the subject's id the path carries (null for paths without one).
/// </summary>
public sealed record Template(
    string Name, HttpMethod Method, Func<Subject, string> Path, Func<Subject, JsonObject>? Body, bool OpsOnly = false, Func<Subject, string>? Route = null)
{
    public override string ToString() => Name;
}

/// <summary>Valid requests for every endpoint of api.md, the starting point of the corpus and the fuzzer.</summary>
public static class Templates
{
    public static string At(double hoursAgo = 1)
    {
        var now = TimeProvider.System.GetUtcNow();
        var whole = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddHours(-hoursAgo);
        return whole.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    public static JsonObject Purchase(Subject s) => new()
    {
        ["orderId"] = s.OrderId,
        ["customerId"] = s.CustomerId,
        ["amount"] = 59.90m,
        ["currency"] = "EUR",
        ["market"] = "DE",
        ["occurredAt"] = At(2),
        ["sessionId"] = s.SessionId,
        ["items"] = new JsonArray(new JsonObject { ["sku"] = "sku-1", ["quantity"] = 2, ["unitPrice"] = 29.95m, ["category"] = "music" }),
    };

    public static JsonObject Refund(Subject s) => new()
    {
        ["refundId"] = s.EventId,
        ["orderId"] = s.OrderId,
        ["customerId"] = s.CustomerId,
        ["amount"] = 1.00m,
        ["occurredAt"] = At(1),
    };

    public static JsonObject Visit(Subject s) => new()
    {
        ["sessionId"] = s.SessionId,
        ["customerId"] = s.CustomerId,
        ["market"] = "DE",
        ["occurredAt"] = At(1),
    };

    public static JsonObject Complaint(Subject s) => new()
    {
        ["complaintId"] = s.ComplaintId,
        ["customerId"] = s.CustomerId,
        ["orderId"] = s.OrderId,
        ["category"] = "logistics",
        ["occurredAt"] = At(1),
        ["note"] = "The parcel arrived late.",
    };

    public static JsonObject Progress(Subject s) => new()
    {
        ["customerId"] = s.CustomerId,
        ["occurredAt"] = At(0.5),
    };

    public static JsonObject Review(Subject s) => new()
    {
        ["reviewId"] = s.EventId,
        ["customerId"] = s.CustomerId,
        ["orderId"] = s.OrderId,
        ["rating"] = 4,
        ["occurredAt"] = At(1),
        ["text"] = "Good sound.",
    };

    public static JsonObject Referral(Subject s) => new()
    {
        ["referralId"] = s.EventId,
        ["referrerId"] = s.OtherCustomerId,
        ["refereeId"] = s.CustomerId,
        ["occurredAt"] = At(1),
    };

    public static JsonObject Redemption(Subject s) => new()
    {
        ["redemptionId"] = s.EventId,
        ["points"] = 1,
    };

    public static JsonObject Survey(Subject s) => new()
    {
        ["responseId"] = s.EventId,
        ["customerId"] = s.CustomerId,
        ["orderId"] = s.OrderId,
        ["kind"] = "nps",
        ["score"] = 9,
        ["comment"] = "Quick delivery, I would recommend this shop.",
        ["occurredAt"] = At(1),
    };

    /// <summary>A reward that costs one point, so that a seeded customer can claim it many times.</summary>
    public static JsonObject Reward(Subject s) => new()
    {
        ["name"] = "One euro off",
        ["pointsCost"] = 1,
        ["value"] = 1.00m,
        ["currency"] = "EUR",
        ["validDays"] = 30,
        ["stock"] = 1000,
        ["active"] = true,
    };

    public static JsonObject Claim(Subject s) => new()
    {
        ["claimId"] = s.EventId,
        ["rewardId"] = s.RewardId,
    };

    public static JsonObject CouponRedemption(Subject s) => new()
    {
        ["orderId"] = s.OrderId,
    };

    /// <summary>A storefront no key is bound to; see <see cref="Campaign"/>.</summary>
    public const string CampaignStorefront = "sec-store-campaigns";

    /// <summary>
    /// Every field set. It starts in a month and only for a storefront no key has, so a campaign
    /// these tests save never changes what another test's purchases earn on the shared server.
    /// </summary>
    public static JsonObject Campaign(Subject s) => new()
    {
        ["name"] = "Winter double points",
        ["startsAt"] = At(hoursAgo: -24 * 30),
        ["endsAt"] = At(hoursAgo: -24 * 60),
        ["multiplier"] = 2,
        ["bonusPoints"] = 10,
        ["storefronts"] = new JsonArray(CampaignStorefront),
        ["markets"] = new JsonArray("DE", "FR"),
        ["minAmount"] = 10.00m,
        ["firstPurchaseOnly"] = false,
    };

    /// <summary>A visit that assigns the subject's session to the control of its experiment, for the experiment report to have something to show.</summary>
    public static JsonObject ExperimentVisit(Subject s)
    {
        var visit = Visit(s);
        visit["experiment"] = s.ExperimentId;
        visit["variant"] = "control";
        return visit;
    }

    public static JsonObject Batch(Subject s)
    {
        var purchase = Purchase(s);
        purchase["type"] = "purchase";
        var visit = Visit(s);
        visit["type"] = "visit";
        return new JsonObject { ["events"] = new JsonArray(visit, purchase) };
    }

    /// <summary>Every endpoint of api.md, with a body where it takes one.</summary>
    public static IReadOnlyList<Template> All { get; } =
    [
        new("purchase", HttpMethod.Post, _ => "/api/v1/purchases", Purchase),
        new("refund", HttpMethod.Post, _ => "/api/v1/refunds", Refund),
        new("visit", HttpMethod.Post, _ => "/api/v1/visits", Visit),
        new("complaint", HttpMethod.Post, _ => "/api/v1/complaints", Complaint),
        new("complaint response", HttpMethod.Post, s => $"/api/v1/complaints/{s.ComplaintId}/response", Progress, Route: s => s.ComplaintId),
        new("complaint resolution", HttpMethod.Post, s => $"/api/v1/complaints/{s.ComplaintId}/resolution", Progress, Route: s => s.ComplaintId),
        new("review", HttpMethod.Post, _ => "/api/v1/reviews", Review),
        new("survey", HttpMethod.Post, _ => "/api/v1/surveys", Survey),
        new("referral", HttpMethod.Post, _ => "/api/v1/referrals", Referral),
        new("batch", HttpMethod.Post, _ => "/api/v1/events:batch", Batch),
        new("token", HttpMethod.Post, s => $"/api/v1/customers/{s.CustomerId}/tokens", null, Route: s => s.CustomerId),
        new("read", HttpMethod.Get, s => $"/api/v1/customers/{s.CustomerId}", null, Route: s => s.CustomerId),
        new("history", HttpMethod.Get, s => $"/api/v1/customers/{s.CustomerId}/history?limit=10", null, Route: s => s.CustomerId),
        new("history csv", HttpMethod.Get, s => $"/api/v1/customers/{s.CustomerId}/history?format=csv", null, Route: s => s.CustomerId),
        new("redemption", HttpMethod.Post, s => $"/api/v1/customers/{s.CustomerId}/redemptions", Redemption, Route: s => s.CustomerId),
        new("erasure", HttpMethod.Delete, s => $"/api/v1/customers/{s.CustomerId}", null, Route: s => s.CustomerId),
        new("reward put", HttpMethod.Put, s => $"/api/v1/rewards/{s.RewardId}", Reward, OpsOnly: true, Route: s => s.RewardId),
        new("rewards", HttpMethod.Get, _ => "/api/v1/rewards", null),
        new("claim", HttpMethod.Post, s => $"/api/v1/customers/{s.CustomerId}/claims", Claim, Route: s => s.CustomerId),
        new("coupon redemption", HttpMethod.Post, s => $"/api/v1/coupons/{s.CouponCode}/redemptions", CouponRedemption, Route: s => s.CouponCode),
        new("campaign put", HttpMethod.Put, s => $"/api/v1/campaigns/{s.CampaignId}", Campaign, OpsOnly: true, Route: s => s.CampaignId),
        new("campaigns", HttpMethod.Get, _ => "/api/v1/campaigns", null, OpsOnly: true),
        new("kpis", HttpMethod.Get, _ => $"/api/v1/kpis?storefront={SecurityKeys.StoreA}&market=DE", null, OpsOnly: true),
        new("channels", HttpMethod.Get, _ => $"/api/v1/kpis/channels?storefront={SecurityKeys.StoreA}&market=DE&by=channel&month={ThisMonth()}", null, OpsOnly: true),
        new("experiment", HttpMethod.Get, s => $"/api/v1/experiments/{s.ExperimentId}?storefront={SecurityKeys.StoreA}&market=DE", null, OpsOnly: true, Route: s => s.ExperimentId),
        // Without a body or query the fit is as of now; its only inputs are the optional asOf.
        new("model fit", HttpMethod.Post, _ => "/api/v1/model/fit", null, OpsOnly: true),
        new("alerts", HttpMethod.Get, _ => "/api/v1/alerts?state=firing", null, OpsOnly: true),
        new("webhook deliveries", HttpMethod.Get, _ => "/api/v1/webhooks/deliveries?status=failed&limit=10", null, OpsOnly: true),
    ];

    private static string ThisMonth() => TimeProvider.System.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static Template Named(string name) => All.Single(template => template.Name == name);
}
