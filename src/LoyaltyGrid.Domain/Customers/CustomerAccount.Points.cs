using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    /// <summary>
    /// Spends points at server time <paramref name="now"/>, oldest first, after expiring what
    /// has expired by then, so expired points can never be spent.
    /// </summary>
    public RedemptionOutcome Redeem(string redemptionId, long points, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redemptionId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);

        var movements = ExpireDueBy(now);
        if (Balance < points)
        {
            return new RedemptionOutcome(RedemptionStatus.InsufficientPoints, redemptionId, points, Balance, movements);
        }

        movements.Add(_wallet.Debit(PointMovementKind.Redeem, redemptionId, points, now)!);
        return new RedemptionOutcome(RedemptionStatus.Redeemed, redemptionId, points, Balance, movements);
    }

    /// <summary>
    /// Removes the lots expired at <paramref name="now"/> (a lot is spendable strictly before
    /// its expiry instant) and reports them for the pointsExpired KPI.
    /// </summary>
    public ExpiryOutcome Expire(DateTimeOffset now)
    {
        var movements = _wallet.ExpireAsOf(now);
        return new ExpiryOutcome(-movements.Sum(movement => movement.Points), Balance, movements);
    }
}
