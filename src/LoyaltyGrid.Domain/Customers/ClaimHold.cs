using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

/// <summary>The points a pending claim took from the wallet, and from which lots.</summary>
public sealed record ClaimHold(string ClaimId, long Points, DateTimeOffset HeldAt, IReadOnlyList<HeldPoints> Held);
