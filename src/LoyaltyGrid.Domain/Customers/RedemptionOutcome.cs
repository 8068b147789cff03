using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

public enum RedemptionStatus
{
    Redeemed,
    /// <summary>The balance (after expiry) is smaller than the points asked for (409).</summary>
    InsufficientPoints,
}

public sealed record RedemptionOutcome(
    RedemptionStatus Status,
    string RedemptionId,
    long Points,
    long Balance,
    IReadOnlyList<PointMovement> Movements);
