namespace LoyaltyGrid.Domain.Notices;

/// <summary>The webhook event types of api.md "Webhooks".</summary>
public static class NoticeTypes
{
    public const string TierChanged = "tier.changed";
    public const string PointsExpiring = "points.expiring";
    public const string RewardClaimed = "reward.claimed";
    public const string AlertFiring = "alert.firing";
    public const string AlertResolved = "alert.resolved";

    public static IReadOnlyList<string> All { get; } = [TierChanged, PointsExpiring, RewardClaimed, AlertFiring, AlertResolved];
}
