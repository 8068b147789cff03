using System.Text.Json.Serialization;

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
