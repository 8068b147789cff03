using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

// A referral spans two accounts. The referee's account decides, once, whether the referrer is
// owed (RecordReferral, Purchase); the referrer's account pays, once per referee (AwardReferral).
public sealed partial class CustomerAccount
{
    /// <summary>
    /// Records on the referee (this account) who referred it. Evaluated as of the referral's
    /// time: if a purchase from after that time was already accepted (events out of order), the
    /// referee's first purchase has happened and the award is due right away.
    /// </summary>
    public ReferralOutcome RecordReferral(string referralId, string referrerId, DateTimeOffset occurredAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(referralId);
        ArgumentException.ThrowIfNullOrWhiteSpace(referrerId);

        if (referrerId == CustomerId)
        {
            return new ReferralOutcome(ReferralStatus.SelfReferral, referralId, null);
        }

        if (State.Referral is not null)
        {
            return new ReferralOutcome(ReferralStatus.AlreadyReferred, referralId, null);
        }

        if (FirstPurchaseAt < occurredAt)
        {
            return new ReferralOutcome(ReferralStatus.AlreadyPurchased, referralId, null);
        }

        State.Referral = new ReferralRecord
        {
            ReferralId = referralId,
            ReferrerId = referrerId,
            OccurredAt = occurredAt,
            Progress = ReferralProgress.AwaitingFirstPurchase,
        };

        var award = FirstPurchaseAt is { } firstPurchaseAt ? PayOutReferral(firstPurchaseAt) : null;
        return new ReferralOutcome(ReferralStatus.Recorded, referralId, award);
    }

    /// <summary>
    /// Pays the referral points to the referrer (this account) for <paramref name="refereeId"/>'s
    /// first purchase at <paramref name="occurredAt"/>. Idempotent per referee.
    /// </summary>
    public ReferralAwardOutcome AwardReferral(string refereeId, DateTimeOffset occurredAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refereeId);

        if (refereeId == CustomerId)
        {
            return new ReferralAwardOutcome(ReferralAwardStatus.SelfReferral, refereeId, 0, Balance, []);
        }

        if (!State.RewardedReferees.Add(refereeId))
        {
            return new ReferralAwardOutcome(ReferralAwardStatus.AlreadyAwarded, refereeId, 0, Balance, []);
        }

        var movements = ExpireDueBy(occurredAt);
        if (Earn(PointMovementKind.Referral, refereeId, _rules.ReferralPoints, occurredAt) is { } earned)
        {
            movements.Add(earned);
        }

        return new ReferralAwardOutcome(ReferralAwardStatus.Awarded, refereeId, _rules.ReferralPoints, Balance, movements);
    }

    private ReferralAward? ReferralAwardOnPurchase(DateTimeOffset purchaseAt)
    {
        if (State.Referral is not { Progress: ReferralProgress.AwaitingFirstPurchase } referral)
        {
            return null;
        }

        // A purchase from before the referral arriving late means the referee was already a
        // buyer when referred; the pending award is dropped for good.
        if (purchaseAt < referral.OccurredAt)
        {
            referral.Progress = ReferralProgress.Void;
            return null;
        }

        return PayOutReferral(purchaseAt);
    }

    private ReferralAward PayOutReferral(DateTimeOffset firstPurchaseAt)
    {
        var referral = State.Referral!;
        referral.Progress = ReferralProgress.Rewarded;
        return new ReferralAward(referral.ReferrerId, CustomerId, firstPurchaseAt);
    }
}
