using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

/// <summary>
/// Everything a <see cref="CustomerAccount"/> knows, as plain data that System.Text.Json
/// round-trips, so a grain persists this object and rebuilds the account from it with
/// <c>new CustomerAccount(state, rules)</c>. Nothing else is remembered between calls.
/// </summary>
/// <remarks>
/// Its size does not grow with the customer's history: only what the rules can still need is
/// kept (the spend of the trailing tier window plus the late-event allowance, the orders and
/// reviews of that time, open lots, the latest movements); what is older is folded into the
/// scalars below or left to the event journal, which holds every event.
/// </remarks>
public sealed class CustomerState
{
    public string CustomerId { get; set; } = "";

    /// <summary>
    /// By order id: the orders from the spend horizon on, and older ones paged back in because a
    /// refund, review or complaint referred to them. Ids are opaque; a grain qualifies them if
    /// storefronts may reuse them.
    /// </summary>
    public Dictionary<string, OrderRecord> Orders { get; set; } = new();

    /// <summary>Accepted purchases, all time. Null in state written before the account was bounded: computed on load.</summary>
    public int? OrderCount { get; set; }

    public DateTimeOffset? FirstPurchaseAt { get; set; }

    public DateTimeOffset? LastPurchaseAt { get; set; }

    /// <summary>
    /// Purchases and refunds (negative, at the refund's time) in the reporting currency, from the
    /// spend horizon on: what tiers are computed from. Older entries are in <see cref="ArchivedSpend"/>.
    /// </summary>
    public List<SpendEntry> Spend { get; set; } = [];

    /// <summary>The net spend of every entry folded out of <see cref="Spend"/>.</summary>
    public decimal ArchivedSpend { get; set; }

    /// <summary>
    /// The latest time of a spend entry folded into <see cref="ArchivedSpend"/> (null: none). A
    /// purchase whose tier window reaches back to it can no longer be judged exactly and is refused.
    /// </summary>
    public DateTimeOffset? ArchivedThrough { get; set; }

    /// <summary>How many orders were moved out of <see cref="Orders"/>; while 0, an order missing there never existed.</summary>
    public int ArchivedOrders { get; set; }

    /// <summary>Oldest first.</summary>
    public List<PointsLot> Lots { get; set; } = [];

    /// <summary>The latest <see cref="CustomerAccount.HistoryKept"/> movements, in the order they were applied.</summary>
    public List<PointMovement> History { get; set; } = [];

    public long LifetimePoints { get; set; }

    /// <summary>Points refunds owed back but found no balance to take from.</summary>
    public long ReversalShortfall { get; set; }

    /// <summary>By review id.</summary>
    public Dictionary<string, ReviewRecord> Reviews { get; set; } = new();

    /// <summary>Who referred this customer (this customer is the referee).</summary>
    public ReferralRecord? Referral { get; set; }

    /// <summary>Referees this customer has already been paid for (this customer is the referrer).</summary>
    public HashSet<string> RewardedReferees { get; set; } = [];

    /// <summary>By complaint id.</summary>
    public Dictionary<string, ComplaintRecord> Complaints { get; set; } = new();

    /// <summary>
    /// Claims whose points are held while the reward's owner decides its stock, by claim id.
    /// A claim leaves only by completing (the points stay spent) or by being returned.
    /// </summary>
    public Dictionary<string, ClaimHold> PendingClaims { get; set; } = new();

    public bool Erased { get; set; }
}
