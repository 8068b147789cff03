using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Points;

[JsonConverter(typeof(JsonStringEnumConverter<PointMovementKind>))]
public enum PointMovementKind
{
    /// <summary>Points earned by a purchase.</summary>
    Earn,
    Review,
    Referral,
    Redeem,
    /// <summary>Points taken back by a refund.</summary>
    Reverse,
    Expire,
    /// <summary>Points a claim held, given back because the claim as a whole did not happen (no stock).</summary>
    Return,
}

public static class PointMovementKindNames
{
    public static string ToApiName(this PointMovementKind kind) => kind switch
    {
        PointMovementKind.Earn => "earn",
        PointMovementKind.Review => "review",
        PointMovementKind.Referral => "referral",
        PointMovementKind.Redeem => "redeem",
        PointMovementKind.Reverse => "reverse",
        PointMovementKind.Expire => "expire",
        PointMovementKind.Return => "return",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown movement kind."),
    };

    public static bool IsEarning(this PointMovementKind kind) =>
        kind is PointMovementKind.Earn or PointMovementKind.Review or PointMovementKind.Referral;
}
