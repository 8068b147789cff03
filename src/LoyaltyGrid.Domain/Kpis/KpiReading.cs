using System.Globalization;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Surveys;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>Turns stored totals into the snapshot's numbers; rounding happens here and only here.</summary>
internal static class KpiReading
{
    private const decimal SecondsPerHour = 3600;
    private const decimal P90 = 0.9m;

    public static decimal Ratio(decimal numerator, decimal denominator) => denominator == 0 ? 0 : numerator / denominator;

    public static KpiPeriodSnapshot Period(KpiTotals totals)
    {
        var flows = Flows.Of(totals);
        var buyers = totals.Count(KpiMetrics.Buyers);
        var returning = totals.Count(KpiMetrics.ReturningCustomers);
        return new KpiPeriodSnapshot(
            flows.Visits,
            flows.Orders,
            buyers,
            CurrencyConverter.RoundMoney(flows.GrossRevenue),
            flows.Refunds,
            CurrencyConverter.RoundMoney(flows.RefundedAmount),
            flows.NetRevenue,
            flows.Aov,
            flows.ConvertedSessions,
            flows.ConversionRate,
            flows.RefundRate,
            totals.Count(KpiMetrics.NewCustomers),
            returning,
            Ratio(returning, buyers),
            flows.Complaints,
            flows.ComplaintRate,
            Duration(totals.Histogram(KpiMetrics.FirstResponseTime)),
            Duration(totals.Histogram(KpiMetrics.ResolutionTime)),
            flows.SlaBreaches,
            flows.Reviews,
            flows.AverageRating,
            flows.Csat,
            flows.PointsIssued,
            flows.PointsRedeemed,
            flows.PointsExpired,
            flows.PointsReversed,
            flows.Feedback.Nps,
            flows.Feedback.NpsResponses,
            flows.Feedback.Promoters,
            flows.Feedback.Passives,
            flows.Feedback.Detractors,
            flows.Feedback.SurveyCsat,
            flows.Feedback.CsatResponses,
            flows.Feedback.Sentiment,

            RewardsClaimed: flows.RewardsClaimed,
            CouponsRedeemed: flows.CouponsRedeemed);
    }

    public static KpiLiveWindow LiveWindow(IReadOnlyList<(DateTimeOffset Minute, Dictionary<string, decimal> Counters)> minutes)
    {
        var sum = new Dictionary<string, decimal>();
        foreach (var (_, counters) in minutes)
        {
            foreach (var (key, value) in counters)
            {
                KpiTotals.AddCounter(sum, key, value);
            }
        }

        var flows = Flows.Of(new KpiTotals { Counters = sum });
        return new KpiLiveWindow(
            minutes[0].Minute,
            minutes[^1].Minute.AddMinutes(1),
            flows.Visits,
            flows.Orders,
            CurrencyConverter.RoundMoney(flows.GrossRevenue),
            flows.Refunds,
            CurrencyConverter.RoundMoney(flows.RefundedAmount),
            flows.NetRevenue,
            flows.Aov,
            flows.ConvertedSessions,
            flows.ConversionRate,
            flows.RefundRate,
            flows.Complaints,
            flows.ComplaintRate,
            flows.SlaBreaches,
            flows.Reviews,
            flows.AverageRating,
            flows.Csat,
            flows.PointsIssued,
            flows.PointsRedeemed,
            flows.PointsExpired,
            flows.PointsReversed,
            flows.Feedback.Nps,
            flows.Feedback.NpsResponses,
            flows.Feedback.Promoters,
            flows.Feedback.Passives,
            flows.Feedback.Detractors,
            flows.Feedback.SurveyCsat,
            flows.Feedback.CsatResponses,
            flows.Feedback.Sentiment,

            RewardsClaimed: flows.RewardsClaimed,
            CouponsRedeemed: flows.CouponsRedeemed);
    }

    /// <summary>
    /// One row per cohort, with a cell for every month from the cohort's to this month (months
    /// without purchases read 0, so rows line up on the board), or to the latest month bought
    /// in if that is later.
    /// </summary>
    public static IReadOnlyList<KpiCohortRow> Cohorts(KpiTotals allTime, DateTimeOffset now)
    {
        var currentMonth = KpiBucket.MonthOf(now).Start;
        var cells = allTime.Dimensions(KpiMetrics.Cohort)
            .Select(pair => (Cell: ParseCohortCell(pair.Dimension), Count: (long)pair.Value))
            .Where(pair => pair.Cell is not null)
            .GroupBy(pair => pair.Cell!.Value.Cohort, pair => (pair.Cell!.Value.Offset, pair.Count))
            .OrderBy(group => group.Key);

        var rows = new List<KpiCohortRow>();
        foreach (var cohort in cells)
        {
            var counts = cohort.ToDictionary(cell => cell.Offset, cell => cell.Count);
            var size = counts.GetValueOrDefault(0);
            var lastOffset = Math.Max(counts.Keys.Max(), KpiBucket.MonthsBetween(cohort.Key, currentMonth));
            var row = Enumerable.Range(0, lastOffset + 1)
                .Select(offset => new KpiCohortCell(
                    offset,
                    MonthKey(cohort.Key.AddMonths(offset)),
                    counts.GetValueOrDefault(offset),
                    Ratio(counts.GetValueOrDefault(offset), size)))
                .ToList();
            rows.Add(new KpiCohortRow(MonthKey(cohort.Key), size, row));
        }

        return rows;
    }

    public static IReadOnlyDictionary<string, long> Lifecycle(KpiTotals gauges) =>
        Dimensioned(gauges, KpiMetrics.Lifecycle, Enum.GetValues<LifecycleStage>().Select(stage => stage.ToApiName()));

    public static IReadOnlyDictionary<string, long> Tiers(KpiTotals gauges) =>
        Dimensioned(gauges, KpiMetrics.Tiers, Enum.GetValues<Tier>().Select(tier => tier.ToString()));

    private static KpiDurationStats Duration(KpiHistogram? histogram) =>
        histogram is null || histogram.Count <= 0
            ? new KpiDurationStats(0, 0, 0)
            : new KpiDurationStats(
                histogram.Count,
                histogram.Sum / (histogram.Count * SecondsPerHour),
                histogram.Quantile(P90) / SecondsPerHour);

    // Every known name is present, at 0 if nobody counts in it, so the board's layout never
    // depends on the data; a name only newer code knows is shown rather than dropped.
    private static Dictionary<string, long> Dimensioned(KpiTotals totals, string metric, IEnumerable<string> known)
    {
        var values = known.ToDictionary(name => name, _ => 0L);
        foreach (var (dimension, value) in totals.Dimensions(metric))
        {
            values[dimension] = (long)value;
        }

        return values;
    }

    private static (DateOnly Cohort, int Offset)? ParseCohortCell(string dimension)
    {
        var plus = dimension.IndexOf('+', StringComparison.Ordinal);
        return plus > 0
            && KpiBucket.TryParse(dimension[..plus], out var month)
            && month.Kind == KpiBucketKind.Month
            && int.TryParse(dimension[(plus + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? (month.Start, offset)
            : null;
    }

    private static string MonthKey(DateOnly month) => KpiBucket.Month(month.Year, month.Month).Key;

    /// <summary>The additive part, which bucketed periods and live windows share.</summary>
    private sealed record Flows(
        long Visits,
        long Orders,
        decimal GrossRevenue,
        long Refunds,
        decimal RefundedAmount,
        long ConvertedSessions,
        KpiComplaintCounts Complaints,
        long SlaBreaches,
        long Reviews,
        decimal RatingSum,
        long CsatReviews,
        long PointsIssued,
        long PointsRedeemed,
        long PointsExpired,
        long PointsReversed,
        Feedback Feedback,
        long RewardsClaimed,
        long CouponsRedeemed)
    {
        public decimal NetRevenue => CurrencyConverter.RoundMoney(GrossRevenue - RefundedAmount);

        public decimal Aov => CurrencyConverter.RoundMoney(Ratio(GrossRevenue, Orders));

        public decimal ConversionRate => Ratio(ConvertedSessions, Visits);

        public decimal RefundRate => Ratio(Refunds, Orders);

        public decimal ComplaintRate => Ratio(Complaints.Total, Orders);

        public decimal AverageRating => Ratio(RatingSum, Reviews);

        public decimal Csat => Ratio(CsatReviews, Reviews);

        public static Flows Of(KpiTotals totals)
        {
            var byCategory = Dimensioned(totals, KpiMetrics.Complaints, Enum.GetValues<ComplaintCategory>().Select(c => c.ToApiName()));
            return new Flows(
                totals.Count(KpiMetrics.Visits),
                totals.Count(KpiMetrics.Orders),
                totals.Value(KpiMetrics.GrossRevenue),
                totals.Count(KpiMetrics.Refunds),
                totals.Value(KpiMetrics.RefundedAmount),
                totals.Count(KpiMetrics.ConvertedSessions),
                new KpiComplaintCounts(byCategory.Values.Sum(), byCategory),
                totals.Count(KpiMetrics.SlaBreaches),
                totals.Count(KpiMetrics.Reviews),
                totals.Value(KpiMetrics.RatingSum),
                totals.Count(KpiMetrics.CsatReviews),
                totals.Count(KpiMetrics.PointsIssued),
                totals.Count(KpiMetrics.PointsRedeemed),
                totals.Count(KpiMetrics.PointsExpired),
                totals.Count(KpiMetrics.PointsReversed),
                Feedback.Of(totals),
                totals.Count(KpiMetrics.RewardsClaimed),
                totals.Count(KpiMetrics.CouponsRedeemed));
        }
    }

    /// <summary>The survey and sentiment KPIs (kpis.md, "Surveys and feedback"), additive like the flows.</summary>
    private sealed record Feedback(long Promoters, long Passives, long Detractors, long Satisfied, long CsatResponses, KpiSentimentCounts Sentiment)
    {
        public long NpsResponses => Promoters + Passives + Detractors;

        public decimal Nps => SurveyRules.Nps(Promoters, Detractors, NpsResponses);

        public decimal SurveyCsat => Ratio(Satisfied, CsatResponses);

        public static Feedback Of(KpiTotals totals)
        {
            var (positive, neutral, negative) = (
                totals.Count(KpiMetrics.Sentiment, SurveyDimensions.Positive),
                totals.Count(KpiMetrics.Sentiment, SurveyDimensions.Neutral),
                totals.Count(KpiMetrics.Sentiment, SurveyDimensions.Negative));
            var satisfied = totals.Count(KpiMetrics.CsatResponses, SurveyDimensions.Satisfied);
            return new Feedback(
                totals.Count(KpiMetrics.NpsResponses, SurveyDimensions.Promoter),
                totals.Count(KpiMetrics.NpsResponses, SurveyDimensions.Passive),
                totals.Count(KpiMetrics.NpsResponses, SurveyDimensions.Detractor),
                satisfied,
                satisfied + totals.Count(KpiMetrics.CsatResponses, SurveyDimensions.Unsatisfied),
                new KpiSentimentCounts(positive, neutral, negative, Ratio(negative, positive + neutral + negative)));
        }
    }
}
