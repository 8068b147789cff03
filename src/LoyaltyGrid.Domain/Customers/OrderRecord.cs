using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

public sealed class OrderRecord
{
    public string OrderId { get; set; } = "";

    /// <summary>In the order's own currency; refunds are in this currency too.</summary>
    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>Fixed when the purchase was accepted; later rate changes do not rewrite it.</summary>
    public decimal ReportingAmount { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public Tier EarningTier { get; set; }

    public long PointsEarned { get; set; }

    public bool ReviewRewarded { get; set; }

    public List<RefundRecord> Refunds { get; set; } = [];

    /// <summary>What was bought; personal data, removed by erasure.</summary>
    public List<OrderItem>? Items { get; set; }

    [JsonIgnore]
    public decimal RefundedAmount => Refunds.Sum(refund => refund.Amount);

    [JsonIgnore]
    public decimal RefundedReportingAmount => Refunds.Sum(refund => refund.ReportingAmount);

    [JsonIgnore]
    public decimal RefundableAmount => Amount - RefundedAmount;

    /// <summary>Points the refunds so far have owed back, whether or not the balance covered them.</summary>
    [JsonIgnore]
    public long PointsOwedBack => Refunds.Sum(refund => refund.PointsReversed + refund.Shortfall);
}
