using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

public enum ClaimStatus
{
    /// <summary>The points are held for the claim.</summary>
    Held,

    /// <summary>The balance (after expiry) is smaller than the cost (409 insufficient-points); nothing held.</summary>
    InsufficientPoints,

    /// <summary>The claim id already holds points: a claim is held once.</summary>
    AlreadyPending,

    /// <summary>The claim completed: its held points stay spent.</summary>
    Completed,

    /// <summary>The claim did not happen: its held points are back in the balance.</summary>
    Returned,

    /// <summary>No points are held for this claim id (never held, or already settled).</summary>
    NotPending,
}

/// <summary>What a claim step did to the wallet; <paramref name="Movements"/> are expiries first, then the hold or return.</summary>
public sealed record ClaimOutcome(ClaimStatus Status, string ClaimId, long Points, long Balance, IReadOnlyList<PointMovement> Movements);
