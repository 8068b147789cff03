using System.Text.Json.Serialization;

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

    /// <summary>
    /// Its <c>points.expiring</c> notice was decided. Kept on the lot so the memory of it is as
    /// bounded as the lots are, and it leaves with the lot once spent or expired.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ExpiryNoticed { get; set; }

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
