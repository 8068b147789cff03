using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Grains.Visits;

namespace LoyaltyGrid.Grains.Customers;

// The customer's side of the KPIs: every applied event adds one contribution to the outbox, in
// the same write as the event. Distinct counts (buyers, new and returning customers, cohorts,
// repeat purchase) are emitted as changes of the customer's membership, computed from all its
// purchases before and after the event, so out-of-order events move counts instead of doubling
// them. Gauges (lifecycle, tier, open complaints, balance) are emitted as the change from what
// was last emitted.
public sealed partial class CustomerGrain
{
    private readonly List<KpiDelta> _eventDeltas = [];

    private string KpiSource => "customer:" + CustomerId;

    private void CountPurchase(PurchaseCommand command, string orderId, decimal reportingAmount, IEnumerable<PointMovement> movements)
    {
        var place = new KpiPlace(command.Storefront, command.Market);
        var before = state.State.Purchases.Values.ToList();
        state.State.Purchases[orderId] = new KpiPurchase(command.Storefront, command.Market, command.OccurredAt);
        state.State.Places[orderId] = place;

        _eventDeltas.AddRange(CustomerKpiMembership.Changes(before, state.State.Purchases.Values));
        _eventDeltas.AddRange(KpiFacts.Purchase(command.Storefront, command.Market, command.OccurredAt, reportingAmount));
        CountPoints(movements, place);
        if (command.SessionId is not null)
        {
            state.State.PendingConversions.Add(new PendingConversion
            {
                Storefront = command.Storefront,
                SessionId = command.SessionId,
                Market = command.Market,
                PurchasedAt = command.OccurredAt,
            });
        }
    }

    private void CountRefund(string orderId, DateTimeOffset occurredAt, decimal reportingAmount, IEnumerable<PointMovement> movements)
    {
        var place = state.State.Places[orderId];
        _eventDeltas.AddRange(KpiFacts.Refund(place.Storefront, place.Market, occurredAt, reportingAmount));
        CountPoints(movements, place);
    }

    private void CountReview(string storefront, string reviewId, string orderId, int rating, DateTimeOffset occurredAt, IEnumerable<PointMovement> movements)
    {
        var place = state.State.Places.GetValueOrDefault(orderId) ?? new KpiPlace(storefront, null);
        state.State.Places[reviewId] = place;
        _eventDeltas.AddRange(KpiFacts.Review(place.Storefront, place.Market, occurredAt, rating));
        CountPoints(movements, place);
    }

    private void CountComplaintOpened(string storefront, string complaintId, string? orderId, ComplaintCategory category, DateTimeOffset openedAt)
    {
        var place = (orderId is null ? null : state.State.Places.GetValueOrDefault(orderId)) ?? new KpiPlace(storefront, null);
        state.State.Places[complaintId] = place;
        _eventDeltas.AddRange(KpiFacts.ComplaintOpened(place.Storefront, place.Market, openedAt, category));
    }

    private void CountComplaintProgress(ComplaintRecord complaint, DateTimeOffset? answeredBefore, DateTimeOffset? resolvedBefore, ComplaintOutcome outcome)
    {
        var place = state.State.Places[complaint.ComplaintId];
        _eventDeltas.AddRange(KpiFacts.FirstResponseChanged(place.Storefront, place.Market, complaint.OpenedAt, answeredBefore, complaint.FirstAnsweredAt));
        _eventDeltas.AddRange(KpiFacts.ResolutionChanged(place.Storefront, place.Market, complaint.OpenedAt, resolvedBefore, complaint.ResolvedAt));
        _eventDeltas.AddRange(KpiFacts.SlaBreaches(place.Storefront, place.Market, outcome.NewBreaches, outcome.WithdrawnBreaches));
    }

    private void CountBreaches(IEnumerable<SlaBreach> breaches)
    {
        foreach (var breach in breaches)
        {
            var place = state.State.Places[breach.ComplaintId];
            _eventDeltas.AddRange(KpiFacts.SlaBreaches(place.Storefront, place.Market, [breach], []));
        }
    }

    /// <summary>
    /// Point flows count where the event that caused them happened; expiries where the points
    /// were earned; a movement with no place (a customer-token redemption, a referral award)
    /// at the customer's home, and with no home in the grid only (a null storefront and market).
    /// </summary>
    private void CountPoints(IEnumerable<PointMovement> movements, KpiPlace? eventPlace)
    {
        foreach (var movement in movements)
        {
            var place = movement.Kind == PointMovementKind.Expire
                ? state.State.Places.GetValueOrDefault(movement.ReferenceId) ?? HomePlace()
                : eventPlace ?? state.State.Places.GetValueOrDefault(movement.ReferenceId) ?? HomePlace();
            _eventDeltas.AddRange(KpiFacts.Points(place?.Storefront, place?.Market, movement));
        }
    }

    private KpiPlace? HomePlace() =>
        CustomerKpiMembership.HomeOf(state.State.Purchases.Values) is { } home ? new KpiPlace(home.Storefront, home.Market) : null;

    /// <summary>Adds the gauge change and moves everything counted for this event into the outbox.</summary>
    private void RecordKpiContribution(CustomerAccount account)
    {
        var now = clock.GetUtcNow();
        var snapshot = account.Snapshot(now);
        var gauge = CustomerKpiGauge.Of(snapshot.Lifecycle, snapshot.Tier, snapshot.OpenComplaints, snapshot.Balance, state.State.Purchases.Values);
        _eventDeltas.AddRange(CustomerKpiMembership.GaugeDeltas(state.State.Gauge, gauge));
        state.State.Gauge = gauge;
        state.State.Kpis.Add(KpiSource, now, KpiDelta.Compact(_eventDeltas));
        _eventDeltas.Clear();
    }

    private async Task DeliverPendingConversionsAsync()
    {
        var pending = state.State.PendingConversions;
        if (pending.Count == 0)
        {
            return;
        }

        var delivered = false;
        foreach (var conversion in pending.ToList())
        {
            try
            {
                await GrainFactory.GetGrain<ISessionGrain>($"{conversion.Storefront}/{conversion.SessionId}")
                    .RecordConversion(new ConversionCommand(conversion.Storefront, conversion.SessionId, conversion.Market, conversion.PurchasedAt));
                pending.Remove(conversion);
                delivered = true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogConversionDeliveryFailed(ex);
            }
        }

        if (delivered)
        {
            _settler!.Delivered();
        }
    }
}
