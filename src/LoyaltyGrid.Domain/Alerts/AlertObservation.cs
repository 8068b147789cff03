using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// One look at a rule's window: the value, the volume, for an anomaly the expected value, the
/// bound the value is compared with, and whether the rule's condition holds (which needs at least
/// <c>MinVolume</c> events in the window).
/// </summary>
public sealed record AlertObservation(decimal Value, long Volume, decimal? Expected, decimal Threshold, bool Breached)
{
    public static AlertObservation Of(AlertRule rule, KpiLiveSnapshot live)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(live);
        var window = rule.Window == AlertWindow.Last5m ? live.Last5m : live.Last60m;
        var reading = AlertReading.Of(rule.Metric, window);
        var enough = reading.Volume >= rule.MinVolume;
        return rule.Condition switch
        {
            AlertCondition.Above => new(reading.Value, reading.Volume, null, rule.Threshold, enough && reading.Value > rule.Threshold),
            AlertCondition.Below => new(reading.Value, reading.Volume, null, rule.Threshold, enough && reading.Value < rule.Threshold),
            _ => Anomaly(rule, reading, live.PerMinute, enough),
        };
    }

    private static AlertObservation Anomaly(AlertRule rule, AlertReading reading, IReadOnlyList<KpiLiveWindow> perMinute, bool enough)
    {
        var minutes = rule.Window.Minutes();
        if (AlertBaseline.Of(rule.Metric, perMinute, minutes) is not { } baseline)
        {
            return new(reading.Value, reading.Volume, null, 0, false);
        }

        // A count over n minutes is n minutes' worth, its spread √n minutes' if minutes are independent.
        var count = AlertReading.IsCount(rule.Metric);
        var expected = count ? baseline.Mean * minutes : baseline.Mean;
        var spread = count ? baseline.StdDev * (decimal)Math.Sqrt(minutes) : baseline.StdDev;
        var band = rule.Sigmas * Math.Max(spread, AlertReading.NoiseFloor(rule.Metric));
        var (upper, lower) = (expected + band, expected - band);
        var (up, down) = (reading.Value > upper, reading.Value < lower);
        var breached = rule.Direction switch
        {
            AlertDirection.Up => up,
            AlertDirection.Down => down,
            _ => up || down,
        };
        var bound = rule.Direction == AlertDirection.Down || (rule.Direction == AlertDirection.Both && down) ? lower : upper;
        return new(reading.Value, reading.Volume, expected, bound, enough && breached);
    }
}
