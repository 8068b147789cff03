using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Surveys;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// The additive deltas of one accepted event: for each scope of its storefront and market,
/// in its day, month and all-time buckets. The storefront and market are the ones the event
/// belongs to: a refund, review or complaint about an order counts where the order was placed.
/// Either may be null when it is not known; the event then counts in the scopes that are
/// (<see cref="KpiScope.For"/>), and always in the grid.
/// </summary>
public static class KpiFacts
{
    private const decimal TicksPerSecond = TimeSpan.TicksPerSecond;

    public static IReadOnlyList<KpiDelta> Purchase(string storefront, string market, DateTimeOffset occurredAt, decimal reportingAmount) =>
        Additive(storefront, market, occurredAt, (KpiMetrics.Orders, null, 1), (KpiMetrics.GrossRevenue, null, reportingAmount));

    public static IReadOnlyList<KpiDelta> Refund(string? storefront, string? market, DateTimeOffset occurredAt, decimal reportingAmount) =>
        Additive(storefront, market, occurredAt, (KpiMetrics.Refunds, null, 1), (KpiMetrics.RefundedAmount, null, reportingAmount));

    public static IReadOnlyList<KpiDelta> RewardClaimed(string? storefront, string? market, DateTimeOffset claimedAt) =>
        Additive(storefront, market, claimedAt, (KpiMetrics.RewardsClaimed, null, 1));

    public static IReadOnlyList<KpiDelta> CouponRedeemed(string? storefront, string? market, DateTimeOffset redeemedAt) =>
        Additive(storefront, market, redeemedAt, (KpiMetrics.CouponsRedeemed, null, 1));

    public static IReadOnlyList<KpiDelta> ComplaintOpened(
        string? storefront, string? market, DateTimeOffset openedAt, ComplaintCategory category) =>
        Additive(storefront, market, openedAt, (KpiMetrics.Complaints, category.ToApiName(), 1));

    public static IReadOnlyList<KpiDelta> Review(string? storefront, string? market, DateTimeOffset occurredAt, int rating)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5);
        return Additive(
            storefront,
            market,
            occurredAt,
            (KpiMetrics.Reviews, null, 1),
            (KpiMetrics.RatingSum, null, rating),
            (KpiMetrics.CsatReviews, null, rating >= 4 ? 1 : 0));
    }

    /// <summary>One survey response, by the class its score falls in.</summary>
    public static IReadOnlyList<KpiDelta> Survey(string? storefront, string? market, DateTimeOffset occurredAt, SurveyKind kind, int score)
    {
        if (!SurveyRules.IsValidScore(kind, score))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, $"Not a {kind.ToApiName()} score.");
        }

        return kind == SurveyKind.Nps
            ? Additive(storefront, market, occurredAt, (KpiMetrics.NpsResponses, SurveyDimensions.Of(SurveyRules.NpsClassOf(score)), 1))
            : Additive(storefront, market, occurredAt, (KpiMetrics.CsatResponses, SurveyRules.IsSatisfied(score) ? SurveyDimensions.Satisfied : SurveyDimensions.Unsatisfied, 1));
    }

    /// <summary>
    /// One labelled feedback text; <paramref name="label"/> is the wire label ("positive", "neutral", "negative"),
    /// null for an event without text, which counts nothing.
    /// </summary>
    public static IReadOnlyList<KpiDelta> Sentiment(string? storefront, string? market, DateTimeOffset occurredAt, string? label)
    {
        if (label is null)
        {
            return [];
        }

        if (!SurveyDimensions.Labels.Contains(label))
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, "Not a sentiment label.");
        }

        return Additive(storefront, market, occurredAt, (KpiMetrics.Sentiment, label, 1));
    }

    /// <summary>Every movement as a positive amount of the flow it belongs to, in the bucket of its time.</summary>
    public static IReadOnlyList<KpiDelta> Points(string? storefront, string? market, PointMovement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        var metric = movement.Kind switch
        {
            _ when movement.Kind.IsEarning() => KpiMetrics.PointsIssued,
            PointMovementKind.Redeem => KpiMetrics.PointsRedeemed,
            PointMovementKind.Expire => KpiMetrics.PointsExpired,
            PointMovementKind.Reverse => KpiMetrics.PointsReversed,
            // A returned hold undoes the claim's spend: redeemed points stay what was really spent.
            PointMovementKind.Return => KpiMetrics.PointsRedeemed,
            _ => throw new ArgumentOutOfRangeException(nameof(movement), movement.Kind, "Unknown movement kind."),
        };
        var amount = movement.Kind == PointMovementKind.Return ? -movement.Points : Math.Abs(movement.Points);
        return Additive(storefront, market, movement.OccurredAt, (metric, null, amount));
    }

    /// <summary>
    /// Breaches as the complaint desk reports them: counted ones +1, withdrawn ones (a late
    /// answer that turned out to be on time) −1, each in the bucket of its deadline.
    /// </summary>
    public static IReadOnlyList<KpiDelta> SlaBreaches(
        string? storefront, string? market, IEnumerable<SlaBreach> counted, IEnumerable<SlaBreach> withdrawn)
    {
        ArgumentNullException.ThrowIfNull(counted);
        ArgumentNullException.ThrowIfNull(withdrawn);
        return
        [
            .. counted.SelectMany(breach => Additive(storefront, market, breach.Deadline, (KpiMetrics.SlaBreaches, null, 1))),
            .. withdrawn.SelectMany(breach => Additive(storefront, market, breach.Deadline, (KpiMetrics.SlaBreaches, null, -1))),
        ];
    }

    /// <summary>
    /// The first-response sample of a complaint moved from <paramref name="previousAnsweredAt"/>
    /// to <paramref name="answeredAt"/> (either may be null: not answered). The sample is the
    /// time from opening to the first answer, in the bucket of the answer.
    /// </summary>
    public static IReadOnlyList<KpiDelta> FirstResponseChanged(
        string? storefront, string? market, DateTimeOffset openedAt, DateTimeOffset? previousAnsweredAt, DateTimeOffset? answeredAt) =>
        DurationChanged(KpiMetrics.FirstResponseTime, storefront, market, openedAt, previousAnsweredAt, answeredAt);

    /// <summary>As <see cref="FirstResponseChanged"/>, from opening to resolution.</summary>
    public static IReadOnlyList<KpiDelta> ResolutionChanged(
        string? storefront, string? market, DateTimeOffset openedAt, DateTimeOffset? previousResolvedAt, DateTimeOffset? resolvedAt) =>
        DurationChanged(KpiMetrics.ResolutionTime, storefront, market, openedAt, previousResolvedAt, resolvedAt);

    /// <summary>A duration as histogram samples carry it: seconds, exact to the tick.</summary>
    public static decimal Seconds(TimeSpan duration) => duration.Ticks / TicksPerSecond;

    private static IReadOnlyList<KpiDelta> DurationChanged(
        string metric, string? storefront, string? market, DateTimeOffset start, DateTimeOffset? previousEnd, DateTimeOffset? end)
    {
        if (previousEnd == end)
        {
            return [];
        }

        var deltas = new List<KpiDelta>();
        if (previousEnd is { } removed)
        {
            deltas.AddRange(Samples(metric, storefront, market, removed, Seconds(removed - start), -1));
        }

        if (end is { } added)
        {
            deltas.AddRange(Samples(metric, storefront, market, added, Seconds(added - start), 1));
        }

        return deltas;
    }

    private static IEnumerable<KpiDelta> Samples(
        string metric, string? storefront, string? market, DateTimeOffset at, decimal seconds, int samples) =>
        KpiScope.For(storefront, market).SelectMany(scope =>
            KpiBucket.EventBuckets(at).Select(bucket => new KpiDelta(scope, metric, bucket, null, seconds, samples)));

    private static List<KpiDelta> Additive(
        string? storefront, string? market, DateTimeOffset occurredAt, params ReadOnlySpan<(string Metric, string? Dimension, decimal Amount)> parts)
    {
        var deltas = new List<KpiDelta>();
        var scopes = KpiScope.For(storefront, market);
        var buckets = KpiBucket.EventBuckets(occurredAt);
        foreach (var (metric, dimension, amount) in parts)
        {
            if (amount == 0)
            {
                continue;
            }

            foreach (var scope in scopes)
            {
                foreach (var bucket in buckets)
                {
                    deltas.Add(new KpiDelta(scope, metric, bucket, dimension, amount));
                }
            }
        }

        return deltas;
    }
}
