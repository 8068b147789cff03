namespace LoyaltyGrid.Domain.Customers;

/// <summary>
/// <paramref name="Amount"/> is in the order's currency. <paramref name="PointsReversed"/> was
/// taken from the balance; <paramref name="Shortfall"/> was owed but not there to take.
/// </summary>
public sealed record RefundRecord(
    string RefundId,
    decimal Amount,
    decimal ReportingAmount,
    DateTimeOffset OccurredAt,
    long PointsReversed,
    long Shortfall);
