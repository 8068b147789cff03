using LoyaltyGrid.Domain.Alerts;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// The KPI read of kpis.md for one scope. Amounts are in the reporting currency rounded to 2
/// decimals; ratios are fractions at full decimal precision (the HTTP layer rounds what it
/// writes: kpis.md, "Numbers"), 0 when their denominator is 0, and not clamped: by their
/// definitions refundRate, complaintRate and conversionRate can pass 1 in a bucket (refunds of
/// earlier orders, a session converting without a visit that day). <see cref="Alerts"/> are the
/// alerts firing in the scope, which the server adds to what the scope grain answers.
/// </summary>
public sealed record KpiSnapshot(
    string Scope,
    KpiPeriodSnapshot AllTime,
    KpiPeriodSnapshot Today,
    KpiPeriodSnapshot ThisMonth,
    decimal RepeatPurchaseRate,
    KpiLiveSnapshot Live,
    IReadOnlyList<KpiCohortRow> Cohorts,
    IReadOnlyDictionary<string, long> Lifecycle,
    IReadOnlyDictionary<string, long> Tiers,
    long OpenComplaints,
    long PointsOutstanding,
    DateTimeOffset AsOf,
    KpiRepurchaseForecast? Repurchase = null,
    IReadOnlyList<Alert>? Alerts = null);

/// <summary>
/// Every bucketed KPI of the Sales, Customers, Service and Points tables for one bucket, and those of
/// "Surveys and feedback" (<see cref="Sentiment"/> is null only where a caller built the record without them).
/// </summary>
public sealed record KpiPeriodSnapshot(
    long Visits,
    long Orders,
    long Buyers,
    decimal GrossRevenue,
    long Refunds,
    decimal RefundedAmount,
    decimal NetRevenue,
    decimal Aov,
    long ConvertedSessions,
    decimal ConversionRate,
    decimal RefundRate,
    long NewCustomers,
    long ReturningCustomers,
    decimal ReturningCustomerRate,
    KpiComplaintCounts Complaints,
    decimal ComplaintRate,
    KpiDurationStats FirstResponseTime,
    KpiDurationStats ResolutionTime,
    long SlaBreaches,
    long Reviews,
    decimal AverageRating,
    decimal Csat,
    long PointsIssued,
    long PointsRedeemed,
    long PointsExpired,
    long PointsReversed,
    decimal Nps = 0,
    long NpsResponses = 0,
    long Promoters = 0,
    long Passives = 0,
    long Detractors = 0,
    decimal SurveyCsat = 0,
    long CsatResponses = 0,
    KpiSentimentCounts? Sentiment = null,
    long RewardsClaimed = 0,
    long CouponsRedeemed = 0);

/// <summary>
/// Labels of the feedback texts of a bucket (reviews, survey comments, complaint notes);
/// <see cref="NegativeShare"/> is negative / labelled, 0 when nothing is labelled.
/// </summary>
public sealed record KpiSentimentCounts(long Positive, long Neutral, long Negative, decimal NegativeShare)
{
    public static KpiSentimentCounts None { get; } = new(0, 0, 0, 0);
}

/// <summary>By category API name; every category is present.</summary>
public sealed record KpiComplaintCounts(long Total, IReadOnlyDictionary<string, long> ByCategory);

/// <summary>Mean exact; p90 the nearest-rank 90th percentile within 1 %.</summary>
public sealed record KpiDurationStats(long Count, decimal MeanHours, decimal P90Hours);

/// <summary>By acceptance time. <see cref="PerMinute"/> has 60 entries, oldest first, the last being the current minute.</summary>
public sealed record KpiLiveSnapshot(KpiLiveWindow Last5m, KpiLiveWindow Last60m, IReadOnlyList<KpiLiveWindow> PerMinute);

/// <summary>The additive KPIs, and the ratios of them, for events accepted in [From, To).</summary>
public sealed record KpiLiveWindow(
    DateTimeOffset From,
    DateTimeOffset To,
    long Visits,
    long Orders,
    decimal GrossRevenue,
    long Refunds,
    decimal RefundedAmount,
    decimal NetRevenue,
    decimal Aov,
    long ConvertedSessions,
    decimal ConversionRate,
    decimal RefundRate,
    KpiComplaintCounts Complaints,
    decimal ComplaintRate,
    long SlaBreaches,
    long Reviews,
    decimal AverageRating,
    decimal Csat,
    long PointsIssued,
    long PointsRedeemed,
    long PointsExpired,
    long PointsReversed,
    decimal Nps = 0,
    long NpsResponses = 0,
    long Promoters = 0,
    long Passives = 0,
    long Detractors = 0,
    decimal SurveyCsat = 0,
    long CsatResponses = 0,
    KpiSentimentCounts? Sentiment = null,
    long RewardsClaimed = 0,
    long CouponsRedeemed = 0);

/// <summary>A cohort (month of first purchase, "yyyy-MM"); <see cref="Size"/> is cell (c, 0).</summary>
public sealed record KpiCohortRow(string Cohort, long Size, IReadOnlyList<KpiCohortCell> Cells);

/// <summary>Cell (c, <see cref="Offset"/>): customers of the cohort who bought in <see cref="Month"/>.</summary>
public sealed record KpiCohortCell(int Offset, string Month, long Count, decimal Retention);
