using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    /// <summary>
    /// Records a review; the first one of a known order earns the review points. A review of an
    /// order the account does not know is accepted without points, and is not rewarded later
    /// if the purchase arrives after it: decisions are never revisited.
    /// </summary>
    public ReviewOutcome Review(string reviewId, string orderId, int rating, DateTimeOffset occurredAt, string? text = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewId);
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5);

        if (State.Reviews.ContainsKey(reviewId))
        {
            return new ReviewOutcome(ReviewStatus.DuplicateReview, reviewId, orderId, 0, Balance, []);
        }

        var review = new ReviewRecord(reviewId, orderId, rating, occurredAt, text, PointsAwarded: 0);
        if (!State.Orders.TryGetValue(orderId, out var order) || order.ReviewRewarded)
        {
            State.Reviews.Add(reviewId, review);
            var status = order is null ? ReviewStatus.UnknownOrder : ReviewStatus.AlreadyRewarded;
            return new ReviewOutcome(status, reviewId, orderId, 0, Balance, []);
        }

        order.ReviewRewarded = true;
        var movements = ExpireDueBy(occurredAt);
        if (Earn(PointMovementKind.Review, reviewId, _rules.ReviewPoints, occurredAt) is { } earned)
        {
            movements.Add(earned);
        }

        State.Reviews.Add(reviewId, review with { PointsAwarded = _rules.ReviewPoints });
        return new ReviewOutcome(ReviewStatus.Rewarded, reviewId, orderId, _rules.ReviewPoints, Balance, movements);
    }
}
