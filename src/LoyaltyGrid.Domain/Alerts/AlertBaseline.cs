using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// What an anomaly rule expects of its window: an exponentially weighted moving average and
/// standard deviation of the metric's per-minute series, over the minutes before the window (the
/// window is what is judged, so it is not part of what it is judged against).
/// </summary>
public sealed record AlertBaseline(decimal Mean, decimal StdDev, int Minutes)
{
    /// <summary>The weight of the newest minute: about the last ten minutes carry most of the baseline.</summary>
    public const double Alpha = 0.2;

    /// <summary>Fewer usable minutes than this and there is no baseline: no anomaly can be told from noise yet.</summary>
    public const int MinimumMinutes = 5;

    /// <summary>
    /// The baseline from <paramref name="perMinute"/> (oldest first, the last being the current
    /// minute) without its last <paramref name="windowMinutes"/>; null when too few minutes are
    /// usable. A minute in which a ratio has no denominator has no value and is skipped; a count
    /// of 0 is a value.
    /// </summary>
    public static AlertBaseline? Of(AlertMetric metric, IReadOnlyList<KpiLiveWindow> perMinute, int windowMinutes)
    {
        ArgumentNullException.ThrowIfNull(perMinute);
        double? mean = null;
        var variance = 0d;
        var used = 0;
        for (var index = 0; index < perMinute.Count - windowMinutes; index++)
        {
            var reading = AlertReading.Of(metric, perMinute[index]);
            if (reading.Volume == 0 && !AlertReading.IsCount(metric))
            {
                continue;
            }

            var value = (double)reading.Value;
            used++;
            if (mean is not { } current)
            {
                mean = value;
                continue;
            }

            // West's incremental form of the exponentially weighted mean and variance.
            var difference = value - current;
            var increment = Alpha * difference;
            mean = current + increment;
            variance = (1 - Alpha) * (variance + (difference * increment));
        }

        return used < MinimumMinutes || mean is null
            ? null
            : new AlertBaseline((decimal)mean.Value, (decimal)Math.Sqrt(variance), used);
    }
}
