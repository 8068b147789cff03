namespace LoyaltyGrid.Domain.Points;

/// <summary>
/// The part of one lot a claim took: enough to put the points back exactly as they were (earned
/// then, expiring then) if the claim does not happen.
/// </summary>
public sealed record HeldPoints(PointMovementKind Source, string ReferenceId, DateTimeOffset EarnedAt, DateTimeOffset? ExpiresAt, long Points);
