namespace LoyaltyGrid.Domain.Points;

/// <summary>
/// One change of the balance. <paramref name="Points"/> is signed (+ earned, − spent, reversed
/// or expired); <paramref name="BalanceAfter"/> is the balance right after it was applied.
/// <paramref name="OccurredAt"/> is the causing event's time (for an expiry, the instant the
/// points expired), which is also the KPI bucket. <paramref name="ReferenceId"/> is the causing
/// event: order id, review id, referee id, redemption id or refund id; for an expiry, the
/// reference of the lot that expired.
/// </summary>
public sealed record PointMovement(
    PointMovementKind Kind,
    long Points,
    long BalanceAfter,
    DateTimeOffset OccurredAt,
    string ReferenceId);
