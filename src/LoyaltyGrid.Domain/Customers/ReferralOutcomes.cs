using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

/// <summary>
/// A referrer is owed its award: deliver it with <see cref="CustomerAccount.AwardReferral"/>
/// on the referrer's account (idempotent per referee, so retrying delivery is safe).
/// <paramref name="OccurredAt"/> is the referee's first purchase, when the points were earned.
/// </summary>
public sealed record ReferralAward(string ReferrerId, string RefereeId, DateTimeOffset OccurredAt);

public enum ReferralStatus
{
    Recorded,
    /// <summary>Accepted, earns nothing: a customer cannot refer itself.</summary>
    SelfReferral,
    /// <summary>Accepted, earns nothing: the referee had purchased before the referral.</summary>
    AlreadyPurchased,
    /// <summary>Accepted, earns nothing: an earlier referral of this customer stands.</summary>
    AlreadyReferred,
}

public sealed record ReferralOutcome(ReferralStatus Status, string ReferralId, ReferralAward? ReferralAward);

public enum ReferralAwardStatus
{
    Awarded,
    /// <summary>This referee was paid for before; nothing changed.</summary>
    AlreadyAwarded,
    SelfReferral,
}

public sealed record ReferralAwardOutcome(
    ReferralAwardStatus Status,
    string RefereeId,
    long PointsEarned,
    long Balance,
    IReadOnlyList<PointMovement> Movements);
