using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Grains.Journaling;

namespace LoyaltyGrid.Grains.Alerts;

/// <summary>
/// The journal payload of an alert's change: the alert as it now stands, and (in
/// <see cref="JournaledEvent.Notices"/>) the notice the webhooks send for it. No KPI changes.
/// </summary>
public sealed record AlertEvent : JournaledEvent
{
    public const string FiringType = "alert-firing";
    public const string ResolvedType = "alert-resolved";

    public Alert Alert { get; init; } = null!;

    public static string TypeOf(Alert alert) => alert.IsFiring ? FiringType : ResolvedType;

    /// <summary>Unique in the rule's stream: a second activation cannot journal the same firing or resolution twice.</summary>
    public static string IdOf(Alert alert) => $"{TypeOf(alert)}:{alert.AlertId}";
}
