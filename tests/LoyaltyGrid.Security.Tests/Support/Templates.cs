using System.Globalization;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>The ids one request is about; a fresh set per fuzz case, fixed ones for the seeded customer.</summary>
public sealed record Subject(string CustomerId, string OtherCustomerId, string OrderId, string EventId, string SessionId, string ComplaintId)
{
    public static Subject Fresh(string prefix, long number)
    {
        var n = number.ToString(CultureInfo.InvariantCulture);
        return new($"{prefix}-c{n}", $"{prefix}-p{n}", $"{prefix}-o{n}", $"{prefix}-e{n}", $"{prefix}-s{n}", $"{prefix}-k{n}");
    }
}

/// <summary>One endpoint of api.md with a valid body for a subject (null for endpoints without a body).</summary>
public sealed record Template(string Name, HttpMethod Method, Func<Subject, string> Path, Func<Subject, JsonObject>? Body, bool OpsOnly = false)
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
        new("complaint response", HttpMethod.Post, s => $"/api/v1/complaints/{s.ComplaintId}/response", Progress),
        new("complaint resolution", HttpMethod.Post, s => $"/api/v1/complaints/{s.ComplaintId}/resolution", Progress),
        new("review", HttpMethod.Post, _ => "/api/v1/reviews", Review),
        new("referral", HttpMethod.Post, _ => "/api/v1/referrals", Referral),
        new("batch", HttpMethod.Post, _ => "/api/v1/events:batch", Batch),
        new("token", HttpMethod.Post, s => $"/api/v1/customers/{s.CustomerId}/tokens", null),
        new("read", HttpMethod.Get, s => $"/api/v1/customers/{s.CustomerId}", null),
        new("history", HttpMethod.Get, s => $"/api/v1/customers/{s.CustomerId}/history?limit=10", null),
        new("redemption", HttpMethod.Post, s => $"/api/v1/customers/{s.CustomerId}/redemptions", Redemption),
        new("erasure", HttpMethod.Delete, s => $"/api/v1/customers/{s.CustomerId}", null),
        new("kpis", HttpMethod.Get, _ => $"/api/v1/kpis?storefront={SecurityKeys.StoreA}&market=DE", null, OpsOnly: true),
        // Without a body or query the fit is as of now; its only inputs are the optional asOf.
        new("model fit", HttpMethod.Post, _ => "/api/v1/model/fit", null, OpsOnly: true),
        new("alerts", HttpMethod.Get, _ => "/api/v1/alerts?state=firing", null, OpsOnly: true),
    ];

    public static Template Named(string name) => All.Single(template => template.Name == name);
}
