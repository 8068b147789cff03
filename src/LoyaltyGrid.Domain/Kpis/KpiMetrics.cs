namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// The metric names deltas carry, spelled as in kpis.md. Ratios (aov, conversionRate, …) are
/// not metrics: the snapshot derives them from these, so they can never disagree with their parts.
/// </summary>
public static class KpiMetrics
{
    // Additive: each accepted event adds to them once.
    public const string Visits = "visits";
    public const string Orders = "orders";
    public const string GrossRevenue = "grossRevenue";
    public const string Refunds = "refunds";
    public const string RefundedAmount = "refundedAmount";
    public const string ConvertedSessions = "convertedSessions";

    /// <summary>Dimension: the category's API name ("not-as-described").</summary>
    public const string Complaints = "complaints";
    public const string SlaBreaches = "slaBreaches";
    public const string Reviews = "reviews";
    public const string RatingSum = "ratingSum";

    /// <summary>Reviews rated 4 or 5, the numerator of csat.</summary>
    public const string CsatReviews = "csatReviews";

    /// <summary>NPS survey responses; dimension: "promoter", "passive" or "detractor".</summary>
    public const string NpsResponses = "npsResponses";

    /// <summary>CSAT survey responses; dimension: "satisfied" (4 or 5) or "unsatisfied".</summary>
    public const string CsatResponses = "csatResponses";

    /// <summary>Labelled feedback texts (reviews, survey comments, complaint notes); dimension: the label.</summary>
    public const string Sentiment = "sentiment";
    public const string PointsIssued = "pointsIssued";
    public const string PointsRedeemed = "pointsRedeemed";
    public const string PointsExpired = "pointsExpired";
    public const string PointsReversed = "pointsReversed";

    /// <summary>Claims that issued a coupon, where the claim was made (the requester's storefront, or the customer's home).</summary>
    public const string RewardsClaimed = "rewardsClaimed";

    /// <summary>Coupons used at checkout, at the redeeming storefront.</summary>
    public const string CouponsRedeemed = "couponsRedeemed";

    // Histograms: a delta's Amount is one sample in seconds (exact as a decimal of ticks, so
    // sums add and subtract without rounding); the snapshot reports hours.
    public const string FirstResponseTime = "firstResponseTime";
    public const string ResolutionTime = "resolutionTime";

    // Distinct customers, emitted as +1/−1 membership changes by the customer.
    public const string Buyers = "buyers";
    public const string NewCustomers = "newCustomers";
    public const string ReturningCustomers = "returningCustomers";

    /// <summary>All-time customers with ≥ 2 purchases; the denominator is all-time buyers.</summary>
    public const string CustomersWithRepeat = "customersWithRepeat";

    /// <summary>All-time bucket; dimension "{cohort yyyy-MM}+{k}", k months after the cohort month.</summary>
    public const string Cohort = "cohort";

    // Gauges, in the Now bucket.
    /// <summary>Dimension: the stage's API name ("at-risk").</summary>
    public const string Lifecycle = "lifecycle";

    /// <summary>Dimension: the tier's name ("Gold").</summary>
    public const string Tiers = "tiers";
    public const string OpenComplaints = "openComplaints";
    public const string PointsOutstanding = "pointsOutstanding";

    public static bool IsHistogram(string metric) => metric is FirstResponseTime or ResolutionTime;

    /// <summary>
    /// Metrics the live windows count by acceptance time: the additive ones, whose all-time
    /// delta is made once per accepted event. Distinct counts are left out: their all-time
    /// membership says nothing about a minute.
    /// </summary>
    public static bool IsLive(string metric) => metric is Visits or Orders or GrossRevenue or Refunds or RefundedAmount
        or ConvertedSessions or Complaints or SlaBreaches or Reviews or RatingSum or CsatReviews
        or NpsResponses or CsatResponses or Sentiment
        or PointsIssued or PointsRedeemed or PointsExpired or PointsReversed or RewardsClaimed or CouponsRedeemed;
}
