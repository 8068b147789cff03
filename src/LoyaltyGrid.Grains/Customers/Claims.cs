namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// A claim as asked: <paramref name="Requester"/> namespaces the claim id like a redemption's
/// (the storefront id, or <see cref="RedemptionCommand.CustomerRequester"/> for the customer's own token).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClaimCommand(string Requester, string ClaimId, string RewardId);

/// <summary>
/// The stored command of a claim-started event: the claim with the reward's terms as they were
/// when it was accepted and the coupon code drawn for it, so replay and recovery never depend
/// on the catalogue as it is later. <see cref="CouponCode"/> is null once the customer is erased.
/// </summary>
public sealed record ClaimStart(
    string Requester,
    string ClaimId,
    string RewardId,
    long PointsCost,
    string? CouponCode,
    decimal Value,
    string Currency,
    int ValidDays,
    DateTimeOffset ClaimedAt,
    DateTimeOffset ExpiresAt);

/// <summary>The stored command of a claim-completed or claim-refused event: which pending claim settled.</summary>
public sealed record ClaimSettlement(string ClaimKey);

/// <summary>The receipt of a claim-started event: the points held for it.</summary>
public sealed record ClaimHoldReceipt(string ClaimId, string RewardId, long PointsHeld, long Balance);

/// <summary>A claim that issued its coupon: the answer of api.md (its code is null once the customer is erased).</summary>
[GenerateSerializer, Immutable]
public sealed record ClaimReceipt(string ClaimId, string RewardId, string? CouponCode, long PointsSpent, long Balance, DateTimeOffset ExpiresAt);

/// <summary>The receipt of a claim-refused event: the reward had no stock and the held points came back.</summary>
public sealed record ClaimRefusedReceipt(string ClaimId, string RewardId, long PointsReturned, long Balance);

public enum ClaimAnswerStatus
{
    Issued,
    Duplicate,
    UnknownCustomer,
    UnknownReward,
    InsufficientPoints,
    OutOfStock,

    /// <summary>The claim id was used for another reward, or the customer was erased.</summary>
    Conflict,
}

/// <summary>What a claim came to, for its caller.</summary>
[GenerateSerializer, Immutable]
public sealed record ClaimAnswer(ClaimAnswerStatus Status, ClaimReceipt? Receipt, string? Problem = null)
{
    public static ClaimAnswer Failed(ClaimAnswerStatus status, string problem) => new(status, null, problem);
}

/// <summary>
/// A coupon of the customer's claim <paramref name="ClaimKey"/> was redeemed by a storefront's
/// order: journaled once per coupon so the KPIs count it. The code itself is not named.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CouponRedemptionCommand(string Storefront, string ClaimKey, string OrderId, DateTimeOffset RedeemedAt);

public sealed record CouponRedemptionReceipt(string ClaimKey, string OrderId);

/// <summary>Journal event ids of a claim's steps; <c>key</c> is the qualified claim id.</summary>
public static class ClaimEventIds
{
    public static string Started(string key) => $"{CustomerEventTypes.ClaimStarted}:{key}";

    public static string Completed(string key) => $"{CustomerEventTypes.ClaimCompleted}:{key}";

    public static string Refused(string key) => $"{CustomerEventTypes.ClaimRefused}:{key}";

    public static string CouponRedeemed(string key) => $"{CustomerEventTypes.CouponRedeemed}:{key}";
}
