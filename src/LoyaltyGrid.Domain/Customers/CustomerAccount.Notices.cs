using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    /// <summary>
    /// The <c>points.expiring</c> notices due by server time <paramref name="now"/>: one per lot,
    /// <see cref="LoyaltyRules.ExpiryNoticeDays"/> before it expires, with what is still unspent of
    /// it. Each lot is told once (it remembers it), so calling again decides nothing new. An erased
    /// customer is told nothing.
    /// </summary>
    public IReadOnlyList<PointsExpiringNotice> NoticeExpiringPoints(DateTimeOffset now)
    {
        if (_rules.ExpiryNoticeLead is not { } lead || State.Erased)
        {
            return [];
        }

        return _wallet.TakeDueExpiryNotices(now, lead)
            .Select(lot => new PointsExpiringNotice(CustomerId, now, lot.Remaining, lot.ExpiresAt!.Value))
            .ToList();
    }

    /// <summary>
    /// The <c>tier.changed</c> notice when the tier as of server time differs from
    /// <paramref name="previous"/>, the tier last seen as of server time (a customer the grid
    /// never saw is at the lowest tier); null when it did not change or the customer was erased.
    /// </summary>
    public TierChangedNotice? NoticeTierChange(Tier previous, Tier current, DateTimeOffset now) =>
        previous == current || State.Erased ? null : new TierChangedNotice(CustomerId, now, previous.ToString(), current.ToString());

    private DateTimeOffset? NextExpiryNotice() =>
        _rules.ExpiryNoticeLead is { } lead && !State.Erased ? _wallet.NextExpiryNotice(lead) : null;
}
