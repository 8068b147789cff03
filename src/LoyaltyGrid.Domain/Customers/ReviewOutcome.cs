using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

public enum ReviewStatus
{
    Rewarded,
    /// <summary>Accepted without points: the order's one rewarded review already happened.</summary>
    AlreadyRewarded,
    /// <summary>Accepted without points: the account has no such order.</summary>
    UnknownOrder,
    /// <summary>The account already has a review with this id: a conflicting duplicate (409).</summary>
    DuplicateReview,
}

public sealed record ReviewOutcome(
    ReviewStatus Status,
    string ReviewId,
    string OrderId,
    long PointsEarned,
    long Balance,
    IReadOnlyList<PointMovement> Movements);
