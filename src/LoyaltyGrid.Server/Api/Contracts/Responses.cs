using LoyaltyGrid.Grains.Customers;

namespace LoyaltyGrid.Server.Api.Contracts;

// Response bodies. Those api.md spells out have exactly its fields; the others follow the same
// pattern: the event's id, what it did, and whether it was a duplicate. Where the grain's answer
// already has exactly the fields of the wire (a point movement, an expiring lot), it is sent as
// it is rather than copied into a mirror type that would have to be kept in step with it.

/// <summary><c>campaigns</c>: ids of the campaigns that applied (empty when none).</summary>
public sealed record PurchaseResponse(string OrderId, string CustomerId, long PointsEarned, long Balance, string Tier, bool Duplicate, IReadOnlyList<string> Campaigns);

public sealed record RefundResponse(string RefundId, long PointsReversed, long Balance, bool Duplicate);

/// <summary><c>duplicate</c> is true when the session had already been counted.</summary>
public sealed record VisitResponse(string SessionId, bool Duplicate);

/// <summary><c>state</c>: open, responded or resolved.</summary>
public sealed record ComplaintResponse(string ComplaintId, string CustomerId, string State, int OpenComplaints, bool Duplicate);

/// <summary>
/// <c>pointsEarned</c> is 0 for a review that is not the first of its order or whose order is unknown;
/// <c>sentiment</c> is the label of its text ("positive", "neutral", "negative"), fixed when it was accepted, null without text.
/// </summary>
public sealed record ReviewResponse(string ReviewId, string OrderId, long PointsEarned, long Balance, bool Duplicate, string? Sentiment);

/// <summary><c>sentiment</c>: the label of the comment ("positive", "neutral", "negative"), fixed when the answer was accepted; null without a comment.</summary>
public sealed record SurveyResponse(string ResponseId, string? Sentiment, bool Duplicate);

/// <summary><c>outcome</c>: recorded, self-referral or already-purchased (the last two earn nothing).</summary>
public sealed record ReferralResponse(string ReferralId, string ReferrerId, string RefereeId, string Outcome, bool Duplicate);

public sealed record RedemptionResponse(string RedemptionId, long Balance, bool Duplicate);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

public sealed record CustomerResponse(
    string CustomerId,
    long Balance,
    string Tier,
    long LifetimePoints,
    int Orders,
    decimal NetSpend,
    DateTimeOffset? FirstPurchaseAt,
    DateTimeOffset? LastPurchaseAt,
    string Lifecycle,
    int OpenComplaints,
    IReadOnlyList<ExpiringPointsView> Expiring,
    [property: System.ComponentModel.Description("P(alive) under the latest repurchase model fit (docs/prediction.md); null before the first fit.")] double? PAlive = null,
    [property: System.ComponentModel.Description("Purchase occasions expected in the next 90 days under the latest fit; null before the first fit.")] double? ExpectedPurchases90d = null);

public sealed record HistoryResponse(string CustomerId, IReadOnlyList<PointMovementView> Movements);

/// <summary><c>remaining</c> is the stock still available, null when unlimited.</summary>
public sealed record RewardResponse(
    string RewardId, string Name, long PointsCost, decimal Value, string Currency, int ValidDays, long? Remaining, bool Active);

public sealed record RewardListItem(string RewardId, string Name, long PointsCost, decimal Value, string Currency, int ValidDays, long? Remaining);

public sealed record RewardsResponse(IReadOnlyList<RewardListItem> Rewards);

/// <summary><c>couponCode</c> is null only when the customer was erased after the claim.</summary>
public sealed record ClaimResponse(
    string ClaimId, string RewardId, string? CouponCode, long PointsSpent, long Balance, DateTimeOffset ExpiresAt, bool Duplicate);

public sealed record CouponRedemptionResponse(
    string CouponCode, decimal Value, string Currency, string OrderId, DateTimeOffset RedeemedAt, bool Duplicate);
