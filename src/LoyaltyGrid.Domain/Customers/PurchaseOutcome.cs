using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

public enum PurchaseStatus
{
    Accepted,
    /// <summary>The account already has an order with this id: a conflicting duplicate (409).</summary>
    DuplicateOrder,
    /// <summary>
    /// The purchase's tier window reaches spend the account no longer keeps one by one
    /// (<see cref="CustomerState.ArchivedThrough"/>), so its tier cannot be computed exactly (422).
    /// </summary>
    BeyondHorizon,
}

/// <summary>
/// <paramref name="EarningTier"/> is the tier as of the purchase, whose multiplier applied.
/// <paramref name="PreviousFirstPurchaseAt"/> is the earliest purchase known before this one
/// arrived (null: this is the first purchase); when it is later than this purchase, an
/// out-of-order event moved the customer's first purchase earlier. <paramref name="ReferralAward"/>
/// is set when a referrer is now owed its award. <paramref name="Campaigns"/> applied to it. <paramref name="Movements"/> lists every balance
/// change this call made, expiries included. For a duplicate only Status, OrderId and Balance count.
/// </summary>
public sealed record PurchaseOutcome(
    PurchaseStatus Status,
    string OrderId,
    long PointsEarned,
    long Balance,
    Tier EarningTier,
    DateTimeOffset? PreviousFirstPurchaseAt,
    ReferralAward? ReferralAward,
    IReadOnlyList<PointMovement> Movements,
    IReadOnlyList<Campaign>? Campaigns = null)
{
    /// <summary>The campaigns that applied, their points included in <see cref="PointsEarned"/>.</summary>
    public IReadOnlyList<Campaign> AppliedCampaigns => Campaigns ?? [];

    public bool IsFirstPurchase => Status == PurchaseStatus.Accepted && PreviousFirstPurchaseAt is null;
}
