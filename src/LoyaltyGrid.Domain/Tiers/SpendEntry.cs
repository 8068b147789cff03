namespace LoyaltyGrid.Domain.Tiers;

/// <summary>
/// A change of net spend at an instant: a purchase's reporting amount, or a refund's as a
/// negative amount at the refund's own time.
/// </summary>
public readonly record struct SpendEntry(DateTimeOffset OccurredAt, decimal Amount);
