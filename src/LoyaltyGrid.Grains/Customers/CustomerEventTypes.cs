namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// The journal's <c>type</c> of every customer event: the one list of them. Replay, the
/// projections and SQL over the journal all name customer events through these.
/// </summary>
public static class CustomerEventTypes
{
    public const string Purchase = "purchase";
    public const string Refund = "refund";
    public const string Review = "review";
    public const string Referral = "referral";
    public const string Complaint = "complaint";
    public const string ComplaintResponse = "complaint-response";
    public const string ComplaintResolution = "complaint-resolution";
    public const string Redemption = "redemption";
    public const string ReferralAward = "referral-award";

    /// <summary>A survey answer of this customer; it earns nothing and changes only KPIs.</summary>
    public const string Survey = "survey";

    /// <summary>A claim's points are held and its coupon code drawn; the reward has not decided its stock yet.</summary>
    public const string ClaimStarted = "claim-started";

    /// <summary>The reward took a unit of stock and stored the coupon: the held points stay spent.</summary>
    public const string ClaimCompleted = "claim-completed";

    /// <summary>The reward had no stock for the claim: the held points are back.</summary>
    public const string ClaimRefused = "claim-refused";

    /// <summary>The coupon of a completed claim was used at checkout (counted for the couponsRedeemed KPI).</summary>
    public const string CouponRedeemed = "coupon-redeemed";

    /// <summary>Server time moved the account on: points expired, deadlines passed, a tier or stage changed.</summary>
    public const string Time = "time";

    public const string Erasure = "erasure";

    /// <summary>A customer carried over from the release before the journal (its whole state, once).</summary>
    public const string Imported = "imported";

    /// <summary>
    /// An event the release before the journal applied, carried over as its id, fingerprint and
    /// receipt only (its effect is in the <see cref="Imported"/> state), so a retry is answered as then.
    /// </summary>
    public const string ImportedReceipt = "imported-receipt";

    /// <summary>A referral award or session conversion the release before the journal still owed, beyond the one the <see cref="Imported"/> row carries.</summary>
    public const string ImportedDelivery = "imported-delivery";
}
