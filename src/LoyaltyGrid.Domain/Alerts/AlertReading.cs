using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// A metric's value in one live window and the volume <c>MinVolume</c> is compared with: the
/// events the value is made of. For a ratio that is its denominator (orders for the complaint and
/// refund rates and for aov, visits for conversion, labelled texts for the negative share, NPS
/// responses for nps); a count is its own volume.
/// </summary>
public readonly record struct AlertReading(decimal Value, long Volume)
{
    public static AlertReading Of(AlertMetric metric, KpiLiveWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var sentiment = window.Sentiment ?? KpiSentimentCounts.None;
        return metric switch
        {
            AlertMetric.ComplaintRate => new(window.ComplaintRate, window.Orders),
            AlertMetric.ConversionRate => new(window.ConversionRate, window.Visits),
            AlertMetric.RefundRate => new(window.RefundRate, window.Orders),
            AlertMetric.Aov => new(window.Aov, window.Orders),
            AlertMetric.Orders => new(window.Orders, window.Orders),
            AlertMetric.SlaBreaches => new(window.SlaBreaches, window.SlaBreaches),
            AlertMetric.NegativeShare => new(sentiment.NegativeShare, sentiment.Positive + sentiment.Neutral + sentiment.Negative),
            AlertMetric.Nps => new(window.Nps, window.NpsResponses),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
        };
    }

    /// <summary>Counts grow with the window's length; ratios and averages do not.</summary>
    public static bool IsCount(AlertMetric metric) => metric is AlertMetric.Orders or AlertMetric.SlaBreaches;

    /// <summary>
    /// The smallest standard deviation an anomaly is measured in. A flat baseline (a complaint rate
    /// of exactly 0 for an hour) has none, which would make any move at all infinitely many sigmas;
    /// a move smaller than this never counts as one: a percentage point of a rate, a point of NPS,
    /// one unit of the reporting currency of aov, one event of a count.
    /// </summary>
    public static decimal NoiseFloor(AlertMetric metric) => metric switch
    {
        AlertMetric.ComplaintRate or AlertMetric.ConversionRate or AlertMetric.RefundRate or AlertMetric.NegativeShare => 0.01m,
        _ => 1m,
    };
}
