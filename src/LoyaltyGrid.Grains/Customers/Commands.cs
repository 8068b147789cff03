namespace LoyaltyGrid.Grains.Customers;

// Commands carry the storefront of the API key that sent them: it is part of every event's
// identity, so two storefronts may use the same order id.

[GenerateSerializer, Immutable]
public sealed record OrderItemData(string Sku, int Quantity, decimal UnitPrice, string? Category);

[GenerateSerializer, Immutable]
public sealed record PurchaseCommand(
    string Storefront,
    string OrderId,
    decimal Amount,
    string Currency,
    string Market,
    DateTimeOffset OccurredAt,
    string? SessionId,
    IReadOnlyList<OrderItemData>? Items);

/// <summary>The amount is in the order's currency.</summary>
[GenerateSerializer, Immutable]
public sealed record RefundCommand(string Storefront, string RefundId, string OrderId, decimal Amount, DateTimeOffset OccurredAt);

[GenerateSerializer, Immutable]
public sealed record ReviewCommand(string Storefront, string ReviewId, string OrderId, int Rating, DateTimeOffset OccurredAt, string? Text);

/// <summary>A survey answer (api.md, <c>POST /surveys</c>); <paramref name="Kind"/> is "nps" or "csat".</summary>
[GenerateSerializer, Immutable]
public sealed record SurveyCommand(
    string Storefront,
    string ResponseId,
    string? OrderId,
    string Kind,
    int Score,
    DateTimeOffset OccurredAt,
    string? Comment);

[GenerateSerializer, Immutable]
public sealed record ReferralCommand(string Storefront, string ReferralId, string ReferrerId, DateTimeOffset OccurredAt);

[GenerateSerializer, Immutable]
public sealed record ComplaintCommand(
    string Storefront,
    string ComplaintId,
    string? OrderId,
    string Category,
    DateTimeOffset OccurredAt,
    string? Note);

[GenerateSerializer, Immutable]
public sealed record ComplaintProgressCommand(string Storefront, string ComplaintId, DateTimeOffset OccurredAt);

/// <summary>
/// <paramref name="Requester"/> namespaces the redemption id: the storefront id for a storefront
/// key, or a fixed name for the customer's own token.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RedemptionCommand(string Requester, string RedemptionId, long Points)
{
    /// <summary>The requester of a redemption made with the customer's own token.</summary>
    public const string CustomerRequester = "customer";
}

[GenerateSerializer, Immutable]
public sealed record ReferralAwardCommand(string RefereeId, DateTimeOffset OccurredAt);

/// <summary>Server time passed a customer's due moment.</summary>
[GenerateSerializer, Immutable]
public sealed record TimeCommand;

[GenerateSerializer, Immutable]
public sealed record ErasureCommand;
