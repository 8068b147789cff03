using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

// The account keeps what its rules can still need and folds the rest away, so its state and the
// cost of each decision stay the same however long the customer's history grows. The horizon
// is the newest purchase minus the tier window minus the late-event allowance: spend entries
// before it become one sum, orders and reviews before it leave memory (the journal has them,
// and a grain pages an order back in when a later event refers to it).
public sealed partial class CustomerAccount
{
    /// <summary>
    /// Movements kept for <see cref="RecentMovements"/>: the API's largest history page. Older
    /// ones are only in the journal's events.
    /// </summary>
    public const int HistoryKept = 500;

    /// <summary>
    /// Purchases at or before this instant are refused (<see cref="PurchaseStatus.BeyondHorizon"/>):
    /// their tier window reaches spend that is only kept as a sum. Null while nothing was folded
    /// away. Always earlier than the newest purchase minus <see cref="LoyaltyRules.LateEventDays"/>.
    /// </summary>
    public DateTimeOffset? PurchaseHorizon => State.ArchivedThrough + _rules.TierWindow;

    /// <summary>
    /// True when <paramref name="orderId"/> is not in memory but may have been folded away, so an
    /// event about it should page it in (<see cref="RestoreOrder"/>) before being decided.
    /// </summary>
    public bool MayHaveArchived(string orderId) => State.ArchivedOrders > 0 && !State.Orders.ContainsKey(orderId);

    /// <summary>
    /// Pages an order folded out of memory back in: <paramref name="order"/> as it was when last
    /// known in full (its purchase, or the state it was imported with), then the refunds and
    /// whether a review was rewarded since, as the journal recorded them. Refunds are folded in
    /// with the same running-total arithmetic that accepted them, so the order owes back exactly
    /// what it would have had it never left memory. Spend and counts already include it.
    /// </summary>
    public void RestoreOrder(OrderRecord order, IReadOnlyList<ArchivedRefund> laterRefunds, bool reviewRewardedLater)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(laterRefunds);
        if (State.Orders.ContainsKey(order.OrderId))
        {
            return;
        }

        order.Refunds ??= [];
        foreach (var refund in laterRefunds)
        {
            var (reportingAmount, pointsOwed) = order.ShareOfRefund(refund.Amount);
            order.Refunds.Add(new RefundRecord(
                refund.RefundId, refund.Amount, reportingAmount, refund.OccurredAt, refund.PointsReversed, pointsOwed - refund.PointsReversed));
        }

        order.ReviewRewarded |= reviewRewardedLater;
        State.Orders.Add(order.OrderId, order);
    }

    /// <summary>Called after every accepted purchase: the only event that moves the horizon.</summary>
    private void ArchiveBeyondHorizon()
    {
        if (State.LastPurchaseAt is not { } newest)
        {
            return;
        }

        var horizon = newest - _rules.TierWindow - _rules.LateEvents;
        foreach (var entry in State.Spend)
        {
            if (entry.OccurredAt < horizon)
            {
                State.ArchivedSpend += entry.Amount;
                State.ArchivedThrough = State.ArchivedThrough > entry.OccurredAt ? State.ArchivedThrough : entry.OccurredAt;
            }
        }

        State.Spend.RemoveAll(entry => entry.OccurredAt < horizon);

        List<string>? archivedOrders = null;
        foreach (var order in State.Orders.Values)
        {
            if (order.OccurredAt < horizon)
            {
                (archivedOrders ??= []).Add(order.OrderId);
            }
        }

        foreach (var orderId in archivedOrders ?? [])
        {
            State.Orders.Remove(orderId);
            State.ArchivedOrders++;
        }

        // A review is only remembered to refuse its id twice; the journal's unique ids do that for older ones.
        List<string>? archivedReviews = null;
        foreach (var review in State.Reviews.Values)
        {
            if (review.OccurredAt < horizon)
            {
                (archivedReviews ??= []).Add(review.ReviewId);
            }
        }

        foreach (var reviewId in archivedReviews ?? [])
        {
            State.Reviews.Remove(reviewId);
        }
    }

    /// <summary>
    /// State written before the account was bounded has every order and movement but none of the
    /// scalars: they are computed once here. Nothing is folded away yet: that happens at the next
    /// purchase, exactly as for an account that was bounded all along, so every activation of a
    /// customer makes the same decisions whichever snapshot it started from.
    /// </summary>
    private static void UpgradeToBounded(CustomerState state)
    {
        if (state.OrderCount is not null)
        {
            return;
        }

        state.OrderCount = state.Orders.Count;
        state.FirstPurchaseAt = state.Orders.Values.Min(order => (DateTimeOffset?)order.OccurredAt);
        state.LastPurchaseAt = state.Orders.Values.Max(order => (DateTimeOffset?)order.OccurredAt);
        // A refund counts against spend at the refund's own time, not the purchase's.
        state.Spend =
        [
            .. state.Orders.Values.SelectMany(order =>
                order.Refunds
                    .Select(refund => new SpendEntry(refund.OccurredAt, -refund.ReportingAmount))
                    .Prepend(new SpendEntry(order.OccurredAt, order.ReportingAmount))),
        ];
        if (state.History.Count > HistoryKept)
        {
            state.History.RemoveRange(0, state.History.Count - HistoryKept);
        }
    }
}

/// <summary>A refund of an order that was out of memory, as its journal event recorded it.</summary>
public sealed record ArchivedRefund(string RefundId, decimal Amount, DateTimeOffset OccurredAt, long PointsReversed);
