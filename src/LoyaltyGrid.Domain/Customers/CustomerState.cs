using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

/// <summary>
/// Everything a <see cref="CustomerAccount"/> knows, as plain data that System.Text.Json
/// round-trips, so a grain persists this object and rebuilds the account from it with
/// <c>new CustomerAccount(state, rules)</c>. Nothing else is remembered between calls.
/// </summary>
public sealed class CustomerState
{
    public string CustomerId { get; set; } = "";

    /// <summary>By order id. Ids are opaque; a grain qualifies them if storefronts may reuse them.</summary>
    public Dictionary<string, OrderRecord> Orders { get; set; } = new();

    /// <summary>Oldest first.</summary>
    public List<PointsLot> Lots { get; set; } = [];

    /// <summary>In the order the movements were applied.</summary>
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

    public bool Erased { get; set; }
}
