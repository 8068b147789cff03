namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    /// <summary>
    /// Everything a reminder does at server time <paramref name="now"/>: expire points, count
    /// passed complaint deadlines, tell of lots about to expire, and say when the next such change is due.
    /// </summary>
    public AdvanceOutcome AdvanceTo(DateTimeOffset now)
    {
        var expiry = Expire(now);
        var breaches = CheckComplaintDeadlines(now);
        var notices = NoticeExpiringPoints(now);
        return new AdvanceOutcome(expiry, breaches, TierAsOf(now), LifecycleAsOf(now), NextDueAt(now), notices);
    }

    /// <summary>
    /// The earliest instant at which something time-dependent changes: a lot expires, a
    /// complaint deadline turns into a breach, the tier changes as spend ages out of the
    /// window, the lifecycle stage moves on, or a lot is due its expiry notice. Null when nothing will change by itself. A
    /// value at or before <paramref name="now"/> means work is already due (for example
    /// expired lots that <see cref="AdvanceTo"/> has not processed yet).
    /// </summary>
    public DateTimeOffset? NextDueAt(DateTimeOffset now) => Moments.Earliest(
        OldestPendingClaim(),
        _wallet.NextExpiry(),
        _complaints.NextBreachAt(),
        _tiers.NextChangeAfter(State.Spend, now),
        _lifecycle.NextChangeAfter(OrderCount, LastPurchaseAt, now),
        NextExpiryNotice());
}
