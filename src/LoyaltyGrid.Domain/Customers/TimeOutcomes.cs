using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

public sealed record ExpiryOutcome(long PointsExpired, long Balance, IReadOnlyList<PointMovement> Movements);

/// <summary>
/// What moving the account to server time did: the expiries and breaches to count, the tier
/// and lifecycle as of now (to compare with what the KPIs last saw), and when to wake up next.
/// </summary>
public sealed record AdvanceOutcome(
    ExpiryOutcome Expiry,
    IReadOnlyList<SlaBreach> NewBreaches,
    Tier Tier,
    LifecycleStage Lifecycle,
    DateTimeOffset? NextDueAt,
    IReadOnlyList<PointsExpiringNotice> ExpiryNotices);
