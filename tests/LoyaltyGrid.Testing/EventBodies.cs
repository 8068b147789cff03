using System.Globalization;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Testing;

/// <summary>
/// Request bodies of the storefront events, as JSON objects a test may post as they are or
/// change field by field. Optional fields left null are left out, as a storefront would.
/// </summary>
public static class EventBodies
{
    public static JsonObject Purchase(
        string orderId, string customerId, decimal amount, DateTimeOffset occurredAt,
        string currency = "USD", string market = "DE", string? sessionId = null) =>
        Body(("orderId", orderId), ("customerId", customerId), ("amount", amount), ("currency", currency), ("market", market), ("occurredAt", Timestamp(occurredAt)), ("sessionId", sessionId));

    public static JsonObject Refund(string refundId, string orderId, string customerId, decimal amount, DateTimeOffset occurredAt) =>
        Body(("refundId", refundId), ("orderId", orderId), ("customerId", customerId), ("amount", amount), ("occurredAt", Timestamp(occurredAt)));

    public static JsonObject Visit(string sessionId, DateTimeOffset occurredAt, string market = "DE", string? customerId = null) =>
        Body(("sessionId", sessionId), ("customerId", customerId), ("market", market), ("occurredAt", Timestamp(occurredAt)));

    public static JsonObject Complaint(string complaintId, string customerId, string category, DateTimeOffset occurredAt, string? orderId = null, string? note = null) =>
        Body(("complaintId", complaintId), ("customerId", customerId), ("orderId", orderId), ("category", category), ("occurredAt", Timestamp(occurredAt)), ("note", note));

    public static JsonObject Review(string reviewId, string customerId, string orderId, int rating, DateTimeOffset occurredAt, string? text = null) =>
        Body(("reviewId", reviewId), ("customerId", customerId), ("orderId", orderId), ("rating", rating), ("occurredAt", Timestamp(occurredAt)), ("text", text));

    public static JsonObject Survey(string responseId, string kind, int score, DateTimeOffset occurredAt, string? customerId = null, string? orderId = null, string? comment = null) =>
        Body(("responseId", responseId), ("customerId", customerId), ("orderId", orderId), ("kind", kind), ("score", score), ("occurredAt", Timestamp(occurredAt)), ("comment", comment));

    public static JsonObject Referral(string referralId, string referrerId, string refereeId, DateTimeOffset occurredAt) =>
        Body(("referralId", referralId), ("referrerId", referrerId), ("refereeId", refereeId), ("occurredAt", Timestamp(occurredAt)));

    /// <summary>UTC, as the documentation writes instants; milliseconds only when there are some.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString(at.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Body(params (string Name, JsonNode? Value)[] fields)
    {
        var body = new JsonObject();
        foreach (var (name, value) in fields.Where(field => field.Value is not null))
        {
            body[name] = value;
        }

        return body;
    }
}
