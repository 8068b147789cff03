using System.Text.Json;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Journal;

namespace LoyaltyGrid.Grains.Customers;

// A customer keeps only the orders its rules can still need; an event about an older one (a
// refund, a review, a complaint naming it) pages it back in from the journal first, live and in
// replay alike, so both decide with the same order. That costs a read of the customer's stream,
// which is rare: it takes an event about an order from before the customer's spend horizon.
public sealed partial class CustomerGrain
{
    /// <summary>The order a stored event is about, if it may need paging in before replaying it.</summary>
    private static string? AboutOrder(string type, CustomerEvent stored) => type switch
    {
        CustomerEventTypes.Refund => Command<RefundCommand>(stored) is { } refund ? CustomerDecider.Qualify(refund.Storefront, refund.OrderId) : null,
        CustomerEventTypes.Review => Command<ReviewCommand>(stored) is { } review ? CustomerDecider.Qualify(review.Storefront, review.OrderId) : null,
        CustomerEventTypes.Complaint => Command<ComplaintCommand>(stored) is { OrderId: { } orderId } complaint ? CustomerDecider.Qualify(complaint.Storefront, orderId) : null,
        CustomerEventTypes.Survey => Command<SurveyCommand>(stored) is { OrderId: { } surveyed } survey ? CustomerDecider.Qualify(survey.Storefront, surveyed) : null,
        _ => null,
    };

    /// <summary>
    /// Brings <paramref name="orderId"/> back into memory as it stood before event
    /// <paramref name="beforeSequence"/>, if it was folded out: its purchase (or the state it was
    /// imported with), then every refund of it and whether a review of it was rewarded since.
    /// Does nothing for an order in memory or one the customer never had. <paramref name="stream"/>:
    /// the customer's entries when the caller has already read them all (the ledger export).
    /// </summary>
    private async Task PageInAsync(
        CustomerDecider decider, string orderId, long beforeSequence, IReadOnlyList<JournalEntry>? stream = null, CancellationToken cancellationToken = default)
    {
        if (!decider.MayHaveArchived(orderId))
        {
            return;
        }

        OrderRecord? order = null;
        KpiPlace? place = null;
        var refunds = new List<ArchivedRefund>();
        var reviewRewarded = false;
        foreach (var entry in stream ?? await journal.ReadStreamAsync(Stream, 0, cancellationToken))
        {
            if (entry.Sequence >= beforeSequence)
            {
                break;
            }

            var stored = CustomerEvent.Parse(entry.Payload);
            switch (entry.Type)
            {
                case CustomerEventTypes.Imported:
                    var imported = Command<CustomerFold>(stored);
                    if (imported.Account?.Orders.GetValueOrDefault(orderId) is { } carried)
                    {
                        (order, place) = (carried, imported.Places.GetValueOrDefault(orderId));
                        refunds.Clear();
                        reviewRewarded = false;
                    }

                    break;
                case CustomerEventTypes.Purchase:
                    var purchase = Command<PurchaseCommand>(stored);
                    if (CustomerDecider.Qualify(purchase.Storefront, purchase.OrderId) == orderId)
                    {
                        order = PurchasedOrder(orderId, purchase, stored);
                        place = new KpiPlace(purchase.Storefront, purchase.Market);
                    }

                    break;
                case CustomerEventTypes.Refund when order is not null:
                    var refund = Command<RefundCommand>(stored);
                    if (CustomerDecider.Qualify(refund.Storefront, refund.OrderId) == orderId)
                    {
                        var receipt = Receipt<RefundReceipt>(stored);
                        refunds.Add(new ArchivedRefund(CustomerDecider.Qualify(refund.Storefront, refund.RefundId), refund.Amount, refund.OccurredAt, receipt.PointsReversed));
                    }

                    break;
                case CustomerEventTypes.Review when order is not null:
                    var review = Command<ReviewCommand>(stored);
                    reviewRewarded |= CustomerDecider.Qualify(review.Storefront, review.OrderId) == orderId && Receipt<ReviewReceipt>(stored).PointsEarned > 0;
                    break;
            }
        }

        if (order is not null)
        {
            decider.RestoreOrder(order, refunds, reviewRewarded, place);
        }
    }

    // The purchase's receipt has the points it earned; its reporting amount, fixed at acceptance
    // whatever the rates are today, is the gross revenue it added to the grid's all-time KPIs
    // (absent when it rounded to zero).
    private static OrderRecord PurchasedOrder(string orderId, PurchaseCommand purchase, CustomerEvent stored) => new()
    {
        OrderId = orderId,
        Amount = purchase.Amount,
        Currency = purchase.Currency,
        ReportingAmount = stored.Kpis
            .Where(delta => delta.Metric == KpiMetrics.GrossRevenue && delta.Scope == KpiScope.Grid && delta.Bucket == KpiBucket.AllTime)
            .Sum(delta => delta.Amount),
        OccurredAt = purchase.OccurredAt,
        EarningTier = null,
        PointsEarned = Receipt<PurchaseReceipt>(stored).PointsEarned,
        Campaigns = Receipt<PurchaseReceipt>(stored).Campaigns is { Count: > 0 } campaigns ? [.. campaigns] : null,
        Items = purchase.Items?.Select(item => new OrderItem(item.Sku, item.Quantity, item.UnitPrice, item.Category)).ToList(),
    };

    private static T Receipt<T>(CustomerEvent stored) =>
        stored.Receipt.Deserialize<T>(CustomerFold.Json) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");
}
