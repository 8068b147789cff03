using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Currency;
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

    /// <summary>Null for an order paged back in from the journal, whose stored events do not say.</summary>
    public Tier? EarningTier { get; set; }

    /// <summary>Campaign points included.</summary>
    public long PointsEarned { get; set; }

    /// <summary>The ids of the campaigns that applied when the purchase was accepted; null for none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Campaigns { get; set; }

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

    /// <summary>
    /// The reporting amount and the points a further refund of <paramref name="amount"/> stands
    /// for. Both are taken on the running refunded total and minus what earlier refunds took,
    /// so the rounding never accumulates: once the order is fully refunded, the refunds add up
    /// to exactly its reporting amount and exactly the points it earned, however it was split.
    /// </summary>
    internal (decimal ReportingAmount, long Points) ShareOfRefund(decimal amount)
    {
        var refundedAfter = RefundedAmount + amount;
        var reportingAmount = CurrencyConverter.RoundMoney(ReportingAmount * refundedAfter / Amount) - RefundedReportingAmount;
        var points = (long)decimal.Floor(PointsEarned * refundedAfter / Amount) - PointsOwedBack;
        return (reportingAmount, points);
    }
}
