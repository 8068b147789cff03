namespace LoyaltyGrid.Domain.Points;

/// <summary>
/// Points that expire on one UTC day. <paramref name="ExpiresAt"/> is the earliest expiry of
/// that day, so a customer is never promised more time than the points have.
/// </summary>
public sealed record ExpiringPoints(long Points, DateTimeOffset ExpiresAt);
