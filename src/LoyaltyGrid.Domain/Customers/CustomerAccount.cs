using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

/// <summary>
/// One customer's loyalty account. All of it lives in <see cref="State"/>; the account never
/// reads a clock. Events are evaluated as of their own <c>occurredAt</c> against what the
/// account had accepted when they arrived, and earlier decisions are never revisited, so
/// out-of-order events are safe. Reads, redemptions and reminders pass server time.
/// </summary>
public sealed partial class CustomerAccount
{
    private readonly LoyaltyRules _rules;
    private readonly TierPolicy _tiers;
    private readonly LifecyclePolicy _lifecycle;
    private readonly PointsWallet _wallet;
    private readonly ComplaintDesk _complaints;

    /// <summary>
    /// <paramref name="historyKept"/>: how many point movements the state keeps; only an audit
    /// fold of the whole journal (the ledger export) asks for more than <see cref="HistoryKept"/>.
    /// </summary>
    public CustomerAccount(CustomerState state, LoyaltyRules rules, int historyKept = HistoryKept)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(state.CustomerId, nameof(state));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(historyKept);
        RepairMissingCollections(state);

        State = state;
        _rules = rules;
        _tiers = new TierPolicy(rules);
        _lifecycle = new LifecyclePolicy(rules.Lifecycle);
        UpgradeToBounded(state);
        _wallet = new PointsWallet(state.Lots, state.History, historyKept);
        _complaints = new ComplaintDesk(state.Complaints, rules.Complaints);
    }

    public static CustomerAccount Open(string customerId, LoyaltyRules rules) =>
        new(new CustomerState { CustomerId = customerId }, rules);

    /// <summary>The account's entire state; persist it after every call that changed it.</summary>
    public CustomerState State { get; }

    public string CustomerId => State.CustomerId;

    /// <summary>Points in the lots, including any that expired but were not yet processed.</summary>
    public long Balance => _wallet.Balance;

    /// <summary>What can be spent at <paramref name="now"/>: the balance without lots already expired then.</summary>
    public long BalanceAt(DateTimeOffset now) => _wallet.SpendableAt(now);

    public long LifetimePoints => State.LifetimePoints;

    public int OrderCount => State.OrderCount ?? 0;

    public DateTimeOffset? FirstPurchaseAt => State.FirstPurchaseAt;

    public DateTimeOffset? LastPurchaseAt => State.LastPurchaseAt;

    /// <summary>All-time purchases minus refunds, in the reporting currency.</summary>
    public decimal NetSpend => State.ArchivedSpend + State.Spend.Sum(entry => entry.Amount);

    public int OpenComplaints => _complaints.OpenCount;

    /// <summary>
    /// Exact for every instant whose window starts after <see cref="CustomerState.ArchivedThrough"/>:
    /// every purchase the account accepts, and server time, which is never more than a day behind
    /// the newest event (<see cref="LoyaltyRules.LateEventDays"/> is at least one).
    /// </summary>
    public Tier TierAsOf(DateTimeOffset instant) => _tiers.TierAsOf(State.Spend, instant);

    public LifecycleStage LifecycleAsOf(DateTimeOffset now) =>
        _lifecycle.StageOf(OrderCount, LastPurchaseAt, now);

    /// <summary>
    /// The customer read as of server time. Lots already expired at <paramref name="now"/> are
    /// left out even if <see cref="Expire"/> has not run yet, so no read shows expired points.
    /// </summary>
    public CustomerSnapshot Snapshot(DateTimeOffset now) => new(
        CustomerId,
        BalanceAt(now),
        TierAsOf(now),
        State.LifetimePoints,
        OrderCount,
        NetSpend,
        FirstPurchaseAt,
        LastPurchaseAt,
        LifecycleAsOf(now),
        OpenComplaints,
        _wallet.ExpiringAfter(now),
        State.ReversalShortfall);

    /// <summary>The last <paramref name="limit"/> movements (at most the history kept), most recently applied first.</summary>
    public IReadOnlyList<PointMovement> RecentMovements(int limit) => _wallet.MostRecent(limit);

    private PointMovement? Earn(PointMovementKind source, string referenceId, long points, DateTimeOffset earnedAt)
    {
        if (points <= 0)
        {
            return null;
        }

        State.LifetimePoints += points;
        return _wallet.Credit(source, referenceId, points, earnedAt, _rules.ExpiryOfPointsEarnedAt(earnedAt));
    }

    // Processing an event uses its time as "now", so points that had expired by then are gone
    // before the event touches the balance, whenever the reminder last ran.
    private List<PointMovement> ExpireDueBy(DateTimeOffset instant) => [.. _wallet.ExpireAsOf(instant)];

    // State written by an older version, or by hand, may lack a collection; an empty one means
    // the same thing and spares every operation a null check.
    private static void RepairMissingCollections(CustomerState state)
    {
        state.Orders ??= new();
        state.Lots ??= [];
        state.History ??= [];
        state.Spend ??= [];
        state.Reviews ??= new();
        state.RewardedReferees ??= [];
        state.Complaints ??= new();
        foreach (var order in state.Orders.Values)
        {
            order.Refunds ??= [];
        }
    }
}
