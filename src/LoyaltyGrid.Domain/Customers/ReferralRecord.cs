using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Customers;

[JsonConverter(typeof(JsonStringEnumConverter<ReferralProgress>))]
public enum ReferralProgress
{
    /// <summary>Recorded; the referee has not purchased yet.</summary>
    AwaitingFirstPurchase,
    /// <summary>The referrer's award has been handed out (exactly once).</summary>
    Rewarded,
    /// <summary>A purchase from before the referral turned up: the referee had already purchased.</summary>
    Void,
}

/// <summary>Kept on the referee: who referred this customer, and whether that has paid out.</summary>
public sealed class ReferralRecord
{
    public string ReferralId { get; set; } = "";

    public string ReferrerId { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    public ReferralProgress Progress { get; set; }
}
