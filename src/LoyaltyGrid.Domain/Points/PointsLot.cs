namespace LoyaltyGrid.Domain.Points;

/// <summary>Points earned together, spent and expired together.</summary>
public sealed class PointsLot
{
    public PointMovementKind Source { get; set; }

    public string ReferenceId { get; set; } = "";

    public DateTimeOffset EarnedAt { get; set; }

    /// <summary>Null when points never expire. The lot is spendable strictly before this instant.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public long Points { get; set; }

    public long Remaining { get; set; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
