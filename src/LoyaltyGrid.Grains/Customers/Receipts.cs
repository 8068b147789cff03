namespace LoyaltyGrid.Grains.Customers;

/// <summary><paramref name="Campaigns"/>: ids of the campaigns that applied; null in receipts stored before campaigns existed (none applied).</summary>
[GenerateSerializer, Immutable]
public sealed record PurchaseReceipt(string OrderId, string CustomerId, long PointsEarned, long Balance, string Tier, IReadOnlyList<string>? Campaigns = null);

[GenerateSerializer, Immutable]
public sealed record RefundReceipt(string RefundId, string OrderId, long PointsReversed, long Balance);

/// <summary><paramref name="Sentiment"/>: the label of the review's text, null without text (and in receipts stored before labels existed).</summary>
[GenerateSerializer, Immutable]
public sealed record ReviewReceipt(string ReviewId, string OrderId, long PointsEarned, long Balance, string? Sentiment = null);

/// <summary><paramref name="Sentiment"/>: the label of the comment, null without one.</summary>
[GenerateSerializer, Immutable]
public sealed record SurveyReceipt(string ResponseId, string? Sentiment);

/// <summary><paramref name="Outcome"/>: <c>recorded</c>, <c>self-referral</c> or <c>already-purchased</c> (the last two earn nothing).</summary>
[GenerateSerializer, Immutable]
public sealed record ReferralReceipt(string ReferralId, string ReferrerId, string RefereeId, string Outcome);

/// <summary><paramref name="State"/>: <c>open</c>, <c>responded</c> or <c>resolved</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record ComplaintReceipt(string ComplaintId, string CustomerId, string State, int OpenComplaints);

[GenerateSerializer, Immutable]
public sealed record RedemptionReceipt(string RedemptionId, long Points, long Balance);

[GenerateSerializer, Immutable]
public sealed record ExpiringPointsView(long Points, DateTimeOffset ExpiresAt);

/// <summary>The customer read of api.md; tier and lifecycle use their api names (<c>Silver</c>, <c>at-risk</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record CustomerView(
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
    IReadOnlyList<ExpiringPointsView> Expiring);

/// <summary>One balance change; <paramref name="Kind"/> is e.g. <c>purchase</c>, <c>redemption</c>, <c>reversal</c>, <c>expiry</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record PointMovementView(string Kind, long Points, long BalanceAfter, DateTimeOffset OccurredAt, string ReferenceId);

/// <summary>
/// One line of the ledger export: a balance change, its reason (<paramref name="Kind"/> and the
/// causing event <paramref name="ReferenceId"/>), and for a purchase's points the campaigns that applied.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LedgerEntryView(string Kind, long Points, long BalanceAfter, DateTimeOffset OccurredAt, string ReferenceId, IReadOnlyList<string> Campaigns);

/// <summary>The receipt of a referral award, as the referrer's journal keeps it.</summary>
[GenerateSerializer, Immutable]
public sealed record ReferralAwardReceipt(string RefereeId, long PointsEarned);

/// <summary>What server time did to the account: points expired, complaint deadlines passed.</summary>
[GenerateSerializer, Immutable]
public sealed record TimeReceipt(long PointsExpired, int NewBreaches);

[GenerateSerializer, Immutable]
public sealed record ErasureReceipt(bool Erased);

/// <summary>A customer's distinct UTC purchase days before some instant: the repurchase model's inputs.</summary>
[GenerateSerializer, Immutable]
public sealed record PurchaseDaysView(int Count, DateOnly First, DateOnly Last);
