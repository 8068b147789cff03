using System.Text.Json;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Tests.Kpis.Oracle;

/// <summary>
/// What the grains do with the KPI functions, without Orleans: a customer computes its
/// membership and gauge changes and the facts of each event, a session its first visit and
/// first conversion, and every batch of deltas is routed to the aggregate of each scope.
/// It also writes down what the recomputation needs that is not an API event: the points
/// ledger and when breaches were counted.
/// </summary>
internal sealed class GridSimulation(LoyaltyRules rules)
{
    private readonly Dictionary<string, KpiAggregate> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CustomerSide> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Storefront, string SessionId), SessionSide> _sessions = new();
    private readonly Dictionary<string, (string Storefront, string Market)> _orderPlaces = new(StringComparer.Ordinal);

    public List<(WorldEvent Event, DateTimeOffset AcceptedAt)> Accepted { get; } = [];

    public List<LedgerRow> Ledger { get; } = [];

    public List<BreachRow> Breaches { get; } = [];

    /// <summary>How often the stream exercised the out-of-order paths; a test asserts they were reached.</summary>
    public Dictionary<string, int> Exercised { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> ScopeKeys => _scopes.Keys;

    public IEnumerable<string> Customers => _customers.Keys;

    public void Accept(WorldEvent e, DateTimeOffset acceptedAt, bool compact)
    {
        var deltas = new List<KpiDelta>();
        var accepted = e switch
        {
            Visited visit => Visit(visit, deltas),
            Redeemed redemption => Customer(redemption.Customer).Redeem(this, redemption, acceptedAt, deltas),
            Bought purchase => Purchase(purchase, acceptedAt, deltas),
            Refunded refund => Customer(refund.Customer).Refund(this, refund, acceptedAt, deltas),
            Complained complaint => Customer(complaint.Customer).Complain(this, complaint, acceptedAt, deltas),
            Answered answer => Customer(answer.Customer).Answer(this, answer, acceptedAt, deltas),
            Reviewed review => Customer(review.Customer).Review(this, review, acceptedAt, deltas),
            _ => throw new InvalidOperationException($"Unknown event {e}."),
        };

        if (accepted)
        {
            Accepted.Add((e, acceptedAt));
        }

        Route(compact ? KpiDelta.Compact(deltas) : deltas, acceptedAt);
    }

    /// <summary>Every customer's reminder at <paramref name="now"/>: expiry, passed deadlines, tier and stage as of now.</summary>
    public void Remind(DateTimeOffset now)
    {
        foreach (var customer in _customers.Values)
        {
            var deltas = new List<KpiDelta>();
            customer.Remind(this, now, deltas);
            Route(deltas, now);
        }
    }

    public KpiSnapshot Snapshot(KpiScope scope, DateTimeOffset now) =>
        (_scopes.GetValueOrDefault(scope.Key) ?? KpiAggregate.For(scope)).Snapshot(now);

    /// <summary>As if every scope grain were deactivated and read back from storage.</summary>
    public void Reload(JsonSerializerOptions options)
    {
        foreach (var key in _scopes.Keys.ToList())
        {
            _scopes[key] = JsonSerializer.Deserialize<KpiAggregate>(JsonSerializer.Serialize(_scopes[key], options), options)!;
        }
    }

    internal void Count(string what) => Exercised[what] = Exercised.GetValueOrDefault(what) + 1;

    internal (string Storefront, string Market) PlaceOfOrder(string orderId) => _orderPlaces[orderId];

    private CustomerSide Customer(string id)
    {
        if (!_customers.TryGetValue(id, out var customer))
        {
            _customers.Add(id, customer = new CustomerSide(CustomerAccount.Open(id, rules)));
        }

        return customer;
    }

    private bool Purchase(Bought purchase, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
    {
        _orderPlaces[purchase.Id] = (purchase.Storefront, purchase.Market);
        Customer(purchase.Customer).Purchase(this, purchase, acceptedAt, deltas);
        if (purchase.SessionId is { } sessionId)
        {
            deltas.AddRange(Session(purchase.Storefront, sessionId).Convert(this, purchase.Storefront, purchase.Market, purchase.At));
        }

        return true;
    }

    private bool Visit(Visited visit, List<KpiDelta> deltas)
    {
        deltas.AddRange(Session(visit.Storefront, visit.SessionId).Visit(this, visit.Storefront, visit.Market, visit.At));
        return true;
    }

    private SessionSide Session(string storefront, string sessionId)
    {
        if (!_sessions.TryGetValue((storefront, sessionId), out var session))
        {
            _sessions.Add((storefront, sessionId), session = new SessionSide());
        }

        return session;
    }

    private void Route(IEnumerable<KpiDelta> deltas, DateTimeOffset acceptedAt)
    {
        foreach (var batch in deltas.GroupBy(delta => delta.Scope))
        {
            if (!_scopes.TryGetValue(batch.Key.Key, out var aggregate))
            {
                _scopes.Add(batch.Key.Key, aggregate = KpiAggregate.For(batch.Key));
            }

            aggregate.Apply(batch, acceptedAt);
        }
    }

    private sealed class SessionSide
    {
        private readonly List<(string Market, DateTimeOffset At)> _visits = [];
        private readonly List<(string Market, DateTimeOffset At)> _purchases = [];

        public IReadOnlyList<KpiDelta> Visit(GridSimulation grid, string storefront, string market, DateTimeOffset at) =>
            Moved(grid, "visit moved", _visits, (market, at), first => SessionKpiMembership.Visit(storefront, first.Market, first.At));

        public IReadOnlyList<KpiDelta> Convert(GridSimulation grid, string storefront, string market, DateTimeOffset at) =>
            Moved(grid, "conversion moved", _purchases, (market, at), first => SessionKpiMembership.Conversion(storefront, first.Market, first.At));

        private static IReadOnlyList<KpiDelta> Moved(
            GridSimulation grid,
            string what,
            List<(string Market, DateTimeOffset At)> seen,
            (string Market, DateTimeOffset At) added,
            Func<(string Market, DateTimeOffset At), IReadOnlySet<KpiKey>> membership)
        {
            var before = seen.Count == 0 ? KpiMembership.None : membership(First(seen));
            seen.Add(added);
            var deltas = KpiMembership.Diff(before, membership(First(seen)));
            if (before.Count > 0 && deltas.Count > 0)
            {
                grid.Count(what);
            }

            return deltas;
        }

        private static (string Market, DateTimeOffset At) First(List<(string Market, DateTimeOffset At)> seen) =>
            seen.OrderBy(x => x.At).ThenBy(x => x.Market, StringComparer.Ordinal).First();
    }

    private sealed class CustomerSide(CustomerAccount account)
    {
        private readonly List<KpiPurchase> _purchases = [];
        private readonly Dictionary<string, (string Storefront, string? Market)> _complaintPlaces = new(StringComparer.Ordinal);
        private CustomerKpiGauge? _reported;

        public bool Purchase(GridSimulation grid, Bought purchase, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            var outcome = account.Purchase(purchase.Id, purchase.Amount, "USD", purchase.Amount, purchase.At);
            Assert.Equal(PurchaseStatus.Accepted, outcome.Status);
            if (outcome.PreviousFirstPurchaseAt > purchase.At)
            {
                grid.Count("first purchase moved earlier");
            }

            var before = _purchases.ToList();
            _purchases.Add(new KpiPurchase(purchase.Storefront, purchase.Market, purchase.At));
            deltas.AddRange(CustomerKpiMembership.Changes(before, _purchases));
            deltas.AddRange(KpiFacts.Purchase(purchase.Storefront, purchase.Market, purchase.At, purchase.Amount));
            Book(grid, outcome.Movements, (purchase.Storefront, purchase.Market), acceptedAt, deltas);
            return Settle(grid, acceptedAt, deltas);
        }

        public bool Refund(GridSimulation grid, Refunded refund, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            var outcome = account.Refund(refund.Id, refund.OrderId, refund.Amount, refund.At);
            Assert.Equal(RefundStatus.Accepted, outcome.Status);
            Assert.Equal(refund.Amount, outcome.ReportingAmount);
            var place = grid.PlaceOfOrder(refund.OrderId);
            deltas.AddRange(KpiFacts.Refund(place.Storefront, place.Market, refund.At, outcome.ReportingAmount));
            Book(grid, outcome.Movements, place, acceptedAt, deltas);
            return Settle(grid, acceptedAt, deltas);
        }

        public bool Review(GridSimulation grid, Reviewed review, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            var outcome = account.Review(review.Id, review.OrderId, review.Rating, review.At);
            Assert.NotEqual(ReviewStatus.DuplicateReview, outcome.Status);
            deltas.AddRange(KpiFacts.Review(review.Storefront, review.Market, review.At, review.Rating));
            Book(grid, outcome.Movements, (review.Storefront, review.Market), acceptedAt, deltas);
            return Settle(grid, acceptedAt, deltas);
        }

        public bool Redeem(GridSimulation grid, Redeemed redemption, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            var outcome = account.Redeem(redemption.Id, redemption.Points, acceptedAt);
            Book(grid, outcome.Movements, (redemption.Storefront, redemption.Market), acceptedAt, deltas);
            if (outcome.Status != RedemptionStatus.Redeemed)
            {
                grid.Count("redemption refused");
            }

            Settle(grid, acceptedAt, deltas);
            return outcome.Status == RedemptionStatus.Redeemed;
        }

        public bool Complain(GridSimulation grid, Complained complaint, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            var outcome = account.OpenComplaint(complaint.Id, null, complaint.Category, complaint.At);
            Assert.Equal(ComplaintStatus.Opened, outcome.Status);
            _complaintPlaces[complaint.Id] = (complaint.Storefront, complaint.Market);
            deltas.AddRange(KpiFacts.ComplaintOpened(complaint.Storefront, complaint.Market, complaint.At, complaint.Category));
            return Settle(grid, acceptedAt, deltas);
        }

        public bool Answer(GridSimulation grid, Answered answer, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            var record = account.Complaints.Single(c => c.ComplaintId == answer.ComplaintId);
            var (answeredBefore, resolvedBefore) = (record.FirstAnsweredAt, record.ResolvedAt);
            var outcome = answer.Resolves
                ? account.ResolveComplaint(answer.ComplaintId, answer.At)
                : account.RecordComplaintResponse(answer.ComplaintId, answer.At);
            Assert.True(outcome.Status is ComplaintStatus.Recorded or ComplaintStatus.AlreadyRecorded);

            var (storefront, market) = _complaintPlaces[answer.ComplaintId];
            if (answeredBefore is not null && record.FirstAnsweredAt < answeredBefore)
            {
                grid.Count("first answer moved earlier");
            }

            deltas.AddRange(KpiFacts.FirstResponseChanged(storefront, market, record.OpenedAt, answeredBefore, record.FirstAnsweredAt));
            deltas.AddRange(KpiFacts.ResolutionChanged(storefront, market, record.OpenedAt, resolvedBefore, record.ResolvedAt));
            CountBreaches(grid, outcome.NewBreaches, outcome.WithdrawnBreaches, acceptedAt, deltas);
            return Settle(grid, acceptedAt, deltas);
        }

        public void Remind(GridSimulation grid, DateTimeOffset now, List<KpiDelta> deltas)
        {
            var outcome = account.AdvanceTo(now);
            Book(grid, outcome.Expiry.Movements, null, now, deltas);
            CountBreaches(grid, outcome.NewBreaches, [], now, deltas);
            Report(CustomerKpiGauge.Of(outcome.Lifecycle, outcome.Tier, account.OpenComplaints, account.Balance, _purchases), deltas);
        }

        // After every event: a reminder that ran at acceptance (deadlines that passed unanswered
        // count now, to be withdrawn if an on-time answer arrives later) and the gauge as of then.
        private bool Settle(GridSimulation grid, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            CountBreaches(grid, account.CheckComplaintDeadlines(acceptedAt), [], acceptedAt, deltas);
            var gauge = CustomerKpiGauge.Of(
                account.LifecycleAsOf(acceptedAt), account.TierAsOf(acceptedAt), account.OpenComplaints, account.Balance, _purchases);
            if (_reported is { HomeStorefront: not null } reported && (reported.HomeStorefront, reported.HomeMarket) != (gauge.HomeStorefront, gauge.HomeMarket))
            {
                grid.Count("home moved");
            }

            Report(gauge, deltas);
            return true;
        }

        private void Report(CustomerKpiGauge gauge, List<KpiDelta> deltas)
        {
            deltas.AddRange(CustomerKpiMembership.GaugeDeltas(_reported, gauge));
            _reported = gauge;
        }

        private void CountBreaches(
            GridSimulation grid, IEnumerable<SlaBreach> counted, IEnumerable<SlaBreach> withdrawn, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            foreach (var (breach, change) in counted.Select(b => (b, 1)).Concat(withdrawn.Select(b => (b, -1))))
            {
                var (storefront, market) = _complaintPlaces[breach.ComplaintId];
                deltas.AddRange(change > 0
                    ? KpiFacts.SlaBreaches(storefront, market, [breach], [])
                    : KpiFacts.SlaBreaches(storefront, market, [], [breach]));
                grid.Breaches.Add(new BreachRow(storefront, market, change, acceptedAt));
                if (change < 0)
                {
                    grid.Count("breach withdrawn");
                }
            }
        }

        // Flows count where the event happened; expiries, which have no event, at the home.
        private void Book(
            GridSimulation grid, IEnumerable<PointMovement> movements, (string Storefront, string Market)? eventPlace, DateTimeOffset acceptedAt, List<KpiDelta> deltas)
        {
            foreach (var movement in movements)
            {
                var place = movement.Kind == PointMovementKind.Expire || eventPlace is null
                    ? Home()
                    : eventPlace.Value;
                deltas.AddRange(KpiFacts.Points(place.Storefront, place.Market, movement));
                grid.Ledger.Add(new LedgerRow(account.CustomerId, movement, place.Storefront, place.Market, acceptedAt));
                if (movement.Kind == PointMovementKind.Expire)
                {
                    grid.Count("points expired");
                }
            }
        }

        private (string Storefront, string Market) Home()
        {
            var home = CustomerKpiMembership.HomeOf(_purchases) ?? throw new InvalidOperationException("Points without a purchase.");
            return (home.Storefront, home.Market);
        }
    }
}
