using System.Text.Json.Nodes;

namespace LoyaltyGrid.Cli.Replay;

/// <summary>The event kinds of <c>events:batch</c>, their id field and the field that names their customer.</summary>
public static class EventFields
{
    public static readonly IReadOnlyDictionary<string, string> IdField = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["purchase"] = "orderId",
        ["refund"] = "refundId",
        ["visit"] = "sessionId",
        ["complaint"] = "complaintId",
        ["review"] = "reviewId",
        ["referral"] = "referralId",
    };

    /// <summary>Fields sent as JSON numbers; every other field is a string.</summary>
    public static readonly IReadOnlySet<string> Numeric = new HashSet<string>(StringComparer.Ordinal) { "amount", "rating" };

    /// <summary>Every field name the API knows, for matching CSV headers written in any case or with underscores.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        "type", "orderId", "customerId", "amount", "currency", "market", "occurredAt", "sessionId", "refundId",
        "complaintId", "category", "note", "reviewId", "rating", "text", "referralId", "referrerId", "refereeId",
    ];

    public static string CanonicalName(string header)
    {
        var squeezed = header.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Known.FirstOrDefault(name => string.Equals(name, squeezed, StringComparison.OrdinalIgnoreCase)) ?? header.Trim();
    }

    /// <summary>
    /// The key the server orders a batch's events by: the customer for most kinds, the referee for
    /// a referral, the session for a visit.
    /// </summary>
    public static string OrderingKey(string kind, JsonObject entry) => kind switch
    {
        "referral" => "customer " + Text(entry, "refereeId"),
        "visit" => "session " + Text(entry, "sessionId"),
        _ => "customer " + Text(entry, "customerId"),
    };

    /// <summary>Completes an entry read from a generic file: its type, the market and currency defaults, and a stable id when it has none.</summary>
    public static ReplayEvent Complete(JsonObject entry, ReplayDefaults defaults, StableIds ids)
    {
        var kind = Text(entry, "type") is { Length: > 0 } type ? type : "purchase";
        entry["type"] = kind;
        if (kind is "purchase" or "visit" && !entry.ContainsKey("market"))
        {
            entry["market"] = defaults.Market;
        }

        if (kind == "purchase" && !entry.ContainsKey("currency"))
        {
            entry["currency"] = defaults.Currency;
        }

        if (IdField.TryGetValue(kind, out var idField) && string.IsNullOrEmpty(Text(entry, idField)))
        {
            entry[idField] = ids.FromContent(entry);
        }

        return new ReplayEvent(kind, OrderingKey(kind, entry), entry);
    }

    public static string Text(JsonObject entry, string field) =>
        entry[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : entry[field]?.ToJsonString() ?? "";
}
