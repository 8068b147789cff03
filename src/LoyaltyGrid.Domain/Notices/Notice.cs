using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Alerts;

namespace LoyaltyGrid.Domain.Notices;

/// <summary>
/// Something an event tells the shop's other systems (the webhooks of api.md). Its owner (a
/// customer, an alert) decides it together with the event and it is journaled with the event, so
/// it is delivered from the journal after the commit, at least once, and never on the request path.
/// </summary>
/// <remarks>
/// The discriminators are the webhook event types, so a stored notice names what it is sent as.
/// An override does not inherit <see cref="JsonIgnoreAttribute"/>: each derived type repeats it.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TierChangedNotice), NoticeTypes.TierChanged)]
[JsonDerivedType(typeof(PointsExpiringNotice), NoticeTypes.PointsExpiring)]
[JsonDerivedType(typeof(RewardClaimedNotice), NoticeTypes.RewardClaimed)]
[JsonDerivedType(typeof(AlertFiringNotice), NoticeTypes.AlertFiring)]
[JsonDerivedType(typeof(AlertResolvedNotice), NoticeTypes.AlertResolved)]
public abstract record Notice(DateTimeOffset OccurredAt)
{
    /// <summary>The webhook event type (<see cref="NoticeTypes"/>).</summary>
    [JsonIgnore]
    public abstract string WebhookType { get; }

    /// <summary>The customer the notice names, whose erasure removes it; null when it names none (an alert).</summary>
    [JsonIgnore]
    public virtual string? AboutCustomer => null;
}

/// <summary>The customer's tier as of the server clock changed (up by a purchase, down by a refund or by spend ageing out).</summary>
public sealed record TierChangedNotice(string CustomerId, DateTimeOffset OccurredAt, string From, string To) : Notice(OccurredAt)
{
    [JsonIgnore]
    public override string? AboutCustomer => CustomerId;

    [JsonIgnore]
    public override string WebhookType => NoticeTypes.TierChanged;
}

/// <summary>Points of one lot are still unspent <c>Webhooks:ExpiryNoticeDays</c> before the lot expires.</summary>
public sealed record PointsExpiringNotice(string CustomerId, DateTimeOffset OccurredAt, long Points, DateTimeOffset ExpiresAt) : Notice(OccurredAt)
{
    [JsonIgnore]
    public override string? AboutCustomer => CustomerId;

    [JsonIgnore]
    public override string WebhookType => NoticeTypes.PointsExpiring;
}

/// <summary>A claim completed: its points were spent, its stock taken and its coupon issued.</summary>
public sealed record RewardClaimedNotice(string CustomerId, DateTimeOffset OccurredAt, string ClaimId, string RewardId) : Notice(OccurredAt)
{
    [JsonIgnore]
    public override string? AboutCustomer => CustomerId;

    [JsonIgnore]
    public override string WebhookType => NoticeTypes.RewardClaimed;
}

/// <summary>
/// An alert fired or resolved: the webhook's data is the alert itself (api.md "Insight" names its
/// fields), so a receiver reads the same shape as <c>GET /api/v1/alerts</c>.
/// </summary>
public abstract record AlertNotice(
    DateTimeOffset OccurredAt,
    string AlertId,
    string Rule,
    string Metric,
    string? Storefront,
    string? Market,
    string State,
    decimal Value,
    decimal? Expected,
    decimal Threshold,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt) : Notice(OccurredAt)
{
    public Alert ToAlert() => new(AlertId, Rule, Metric, Storefront, Market, State, Value, Expected, Threshold, StartedAt, ResolvedAt);

    /// <summary>The notice that tells <paramref name="alert"/>'s change: fired, or resolved.</summary>
    public static AlertNotice Of(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.IsFiring
            ? new AlertFiringNotice(alert.StartedAt, alert.AlertId, alert.Rule, alert.Metric, alert.Storefront, alert.Market, alert.State, alert.Value, alert.Expected, alert.Threshold, alert.StartedAt, alert.ResolvedAt)
            : new AlertResolvedNotice(alert.ResolvedAt ?? alert.StartedAt, alert.AlertId, alert.Rule, alert.Metric, alert.Storefront, alert.Market, alert.State, alert.Value, alert.Expected, alert.Threshold, alert.StartedAt, alert.ResolvedAt);
    }
}

/// <summary>A rule's condition held for its <c>For</c>: a new alert.</summary>
public sealed record AlertFiringNotice(
    DateTimeOffset OccurredAt, string AlertId, string Rule, string Metric, string? Storefront, string? Market, string State,
    decimal Value, decimal? Expected, decimal Threshold, DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt)
    : AlertNotice(OccurredAt, AlertId, Rule, Metric, Storefront, Market, State, Value, Expected, Threshold, StartedAt, ResolvedAt)
{
    [JsonIgnore]
    public override string WebhookType => NoticeTypes.AlertFiring;
}

/// <summary>A firing alert's condition has not held for the rule's <c>For</c>: it resolved.</summary>
public sealed record AlertResolvedNotice(
    DateTimeOffset OccurredAt, string AlertId, string Rule, string Metric, string? Storefront, string? Market, string State,
    decimal Value, decimal? Expected, decimal Threshold, DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt)
    : AlertNotice(OccurredAt, AlertId, Rule, Metric, Storefront, Market, State, Value, Expected, Threshold, StartedAt, ResolvedAt)
{
    [JsonIgnore]
    public override string WebhookType => NoticeTypes.AlertResolved;
}
