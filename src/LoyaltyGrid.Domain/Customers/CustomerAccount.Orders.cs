using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    /// <summary>
    /// Accepts a purchase. <paramref name="reportingAmount"/> is the amount already converted
    /// (<see cref="CurrencyConverter.TryToReporting"/>) and is fixed on the order from now on.
    /// <paramref name="campaigns"/> are the campaigns known when the purchase is accepted; those
    /// that apply at <paramref name="storefront"/>/<paramref name="market"/> add to the points the
    /// order earns (and so to what its refunds reverse) and are named in the outcome.
    /// </summary>
    public PurchaseOutcome Purchase(
        string orderId,
        decimal amount,
        string currency,
        decimal reportingAmount,
        DateTimeOffset occurredAt,
        IReadOnlyList<OrderItem>? items = null,
        string? storefront = null,
        string? market = null,
        IReadOnlyList<Campaign>? campaigns = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentOutOfRangeException.ThrowIfNegative(reportingAmount);

        if (State.Orders.ContainsKey(orderId))
        {
            return new PurchaseOutcome(PurchaseStatus.DuplicateOrder, orderId, 0, Balance, default, FirstPurchaseAt, null, []);
        }

        if (occurredAt <= PurchaseHorizon)
        {
            return new PurchaseOutcome(PurchaseStatus.BeyondHorizon, orderId, 0, Balance, default, FirstPurchaseAt, null, []);
        }

        var previousFirstPurchaseAt = FirstPurchaseAt;
        var movements = ExpireDueBy(occurredAt);
        var tier = TierAsOf(occurredAt);
        var applying = campaigns is { Count: > 0 }
            ? CampaignEarning.Applying(campaigns, new CampaignPurchase(storefront, market, occurredAt, reportingAmount, previousFirstPurchaseAt is null))
            : [];
        var points = applying.Count == 0
            ? _tiers.PointsFor(reportingAmount, tier)
            : CampaignEarning.Points(reportingAmount, _tiers.MultiplierOf(tier), applying);

        State.Orders.Add(orderId, new OrderRecord
        {
            OrderId = orderId,
            Amount = amount,
            Currency = currency,
            ReportingAmount = reportingAmount,
            OccurredAt = occurredAt,
            EarningTier = tier,
            PointsEarned = points,
            Campaigns = applying.Count == 0 ? null : applying.Select(campaign => campaign.CampaignId).ToList(),
            Items = items?.ToList(),
        });

        State.OrderCount = OrderCount + 1;
        State.FirstPurchaseAt = FirstPurchaseAt < occurredAt ? FirstPurchaseAt : occurredAt;
        State.LastPurchaseAt = LastPurchaseAt > occurredAt ? LastPurchaseAt : occurredAt;
        State.Spend.Add(new SpendEntry(occurredAt, reportingAmount));

        if (Earn(PointMovementKind.Earn, orderId, points, occurredAt) is { } earned)
        {
            movements.Add(earned);
        }

        var referralAward = ReferralAwardOnPurchase(occurredAt);
        ArchiveBeyondHorizon();
        return new PurchaseOutcome(
            PurchaseStatus.Accepted, orderId, points, Balance, tier, previousFirstPurchaseAt, referralAward, movements, applying);
    }

    /// <summary>
    /// Refunds part or all of an order; <paramref name="amount"/> is in the order's currency.
    /// Points owed back are proportional to the refunded share, computed on the running total
    /// so that however the order is split, a full refund owes back exactly what it earned.
    /// They come from the order's own lot first (those are the points being undone), then
    /// oldest first; what the balance cannot cover is the shortfall, and the balance stays ≥ 0.
    /// </summary>
    public RefundOutcome Refund(string refundId, string orderId, decimal amount, DateTimeOffset occurredAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        if (!State.Orders.TryGetValue(orderId, out var order))
        {
            return RefundRefused(RefundStatus.UnknownOrder, refundId, orderId, 0m);
        }

        // Only the orders in memory are searched: an older refund's id is the id of its journal
        // event, and the journal's unique ids refuse it again.
        if (State.Orders.Values.Any(o => o.Refunds.Any(refund => refund.RefundId == refundId)))
        {
            return RefundRefused(RefundStatus.DuplicateRefund, refundId, orderId, order.RefundableAmount);
        }

        if (decimal.Round(amount, _rules.MinorDigitsOf(order.Currency)) != amount)
        {
            return RefundRefused(RefundStatus.TooPrecise, refundId, orderId, order.RefundableAmount);
        }

        if (amount > order.RefundableAmount)
        {
            return RefundRefused(RefundStatus.ExceedsRefundable, refundId, orderId, order.RefundableAmount);
        }

        var (reportingAmount, pointsOwed) = order.ShareOfRefund(amount);
        var movements = ExpireDueBy(occurredAt);
        var reversal = _wallet.Debit(
            PointMovementKind.Reverse,
            refundId,
            pointsOwed,
            occurredAt,
            takeFirst: lot => lot.Source == PointMovementKind.Earn && lot.ReferenceId == orderId);
        if (reversal is not null)
        {
            movements.Add(reversal);
        }

        var reversed = -(reversal?.Points ?? 0);
        var shortfall = pointsOwed - reversed;
        State.ReversalShortfall += shortfall;
        order.Refunds.Add(new RefundRecord(refundId, amount, reportingAmount, occurredAt, reversed, shortfall));
        // A refund counts against spend at the refund's own time, not the purchase's: tiers as of
        // earlier instants, and the earning decisions made with them, stay as they were.
        State.Spend.Add(new SpendEntry(occurredAt, -reportingAmount));

        return new RefundOutcome(
            RefundStatus.Accepted,
            refundId,
            orderId,
            reportingAmount,
            reversed,
            shortfall,
            Balance,
            order.RefundableAmount,
            movements);
    }

    private RefundOutcome RefundRefused(RefundStatus status, string refundId, string orderId, decimal refundable) =>
        new(status, refundId, orderId, 0m, 0, 0, Balance, refundable, []);
}
