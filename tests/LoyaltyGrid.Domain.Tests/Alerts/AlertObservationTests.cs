using LoyaltyGrid.Domain.Alerts;
using static LoyaltyGrid.Domain.Tests.Alerts.LiveWindows;

namespace LoyaltyGrid.Domain.Tests.Alerts;

public class AlertObservationTests
{
    private static AlertRule Rule(AlertCondition condition, decimal threshold = 0, long minVolume = 0, AlertDirection direction = AlertDirection.Both, AlertMetric metric = AlertMetric.ComplaintRate, AlertWindow window = AlertWindow.Last5m) =>
        new("r", metric, null, null, window, condition, threshold, AlertRule.DefaultSigmas, direction, minVolume, TimeSpan.Zero);

    [Theory]
    // condition, threshold, minVolume, orders, complaints, breached
    [InlineData(AlertCondition.Above, 0.2, 0, 10, 3, true)]
    [InlineData(AlertCondition.Above, 0.3, 0, 10, 3, false)] // equal is not above
    [InlineData(AlertCondition.Above, 0.2, 20, 10, 3, false)] // a quiet window never fires
    [InlineData(AlertCondition.Above, 0.2, 10, 10, 3, true)] // exactly MinVolume is enough
    [InlineData(AlertCondition.Below, 0.2, 0, 10, 1, true)]
    [InlineData(AlertCondition.Below, 0.1, 0, 10, 1, false)]
    [InlineData(AlertCondition.Below, 0.5, 5, 0, 0, false)] // no orders: no volume, no breach
    public void A_threshold_rule_breaches_beyond_its_threshold_on_enough_volume(AlertCondition condition, double threshold, long minVolume, long orders, long complaints, bool breached)
    {
        var observation = AlertObservation.Of(Rule(condition, (decimal)threshold, minVolume), Flat(Window(orders, complaints)));

        Assert.Equal(breached, observation.Breached);
        Assert.Equal((decimal)threshold, observation.Threshold);
        Assert.Null(observation.Expected);
        Assert.Equal(orders, observation.Volume);
    }

    [Fact]
    public void The_rule_reads_its_own_window()
    {
        var live = Series(_ => Window(), Window(), last5m: Window(10, 0), last60m: Window(10, 5));

        Assert.False(AlertObservation.Of(Rule(AlertCondition.Above, 0.2m, window: AlertWindow.Last5m), live).Breached);
        Assert.True(AlertObservation.Of(Rule(AlertCondition.Above, 0.2m, window: AlertWindow.Last60m), live).Breached);
    }

    [Theory]
    // direction, complaints of the last five minutes' 100 orders each (baseline: 2 of 100 every minute, with ±1 noise), breached
    [InlineData(AlertDirection.Up, 30, true)]
    [InlineData(AlertDirection.Both, 30, true)]
    [InlineData(AlertDirection.Down, 30, false)]
    [InlineData(AlertDirection.Up, 3, false)] // within the band
    [InlineData(AlertDirection.Down, 0, false)] // 0.02 below, but within the band of at least 3 × the noise floor
    [InlineData(AlertDirection.Up, 0, false)]
    public void An_anomaly_counts_departures_from_the_baseline_in_its_direction_only(AlertDirection direction, long complaints, bool breached)
    {
        var live = Series(minute => Window(100, 2 + (minute % 3) - 1), Window(100, complaints), last5m: Window(500, complaints * 5));

        var observation = AlertObservation.Of(Rule(AlertCondition.Anomaly, direction: direction, minVolume: 20), live);

        Assert.Equal(breached, observation.Breached);
        Assert.InRange(observation.Expected!.Value, 0.015m, 0.025m);
    }

    [Theory]
    [InlineData(AlertDirection.Down, true)]
    [InlineData(AlertDirection.Both, true)]
    [InlineData(AlertDirection.Up, false)]
    public void A_conversion_drop_is_an_anomaly_down(AlertDirection direction, bool breached)
    {
        var live = Series(minute => Window(visits: 100, converted: 30 + (minute % 2)), Window(visits: 100, converted: 5), last5m: Window(visits: 500, converted: 25));

        var observation = AlertObservation.Of(Rule(AlertCondition.Anomaly, direction: direction, metric: AlertMetric.ConversionRate), live);

        Assert.Equal(breached, observation.Breached);
        Assert.True(observation.Threshold < observation.Expected || direction == AlertDirection.Up);
    }

    [Fact]
    public void An_anomaly_needs_min_volume_too()
    {
        var live = Series(_ => Window(100, 2), Window(100, 50), last5m: Window(4, 2));

        Assert.False(AlertObservation.Of(Rule(AlertCondition.Anomaly, direction: AlertDirection.Up, minVolume: 20), live).Breached);
        Assert.True(AlertObservation.Of(Rule(AlertCondition.Anomaly, direction: AlertDirection.Up, minVolume: 4), live).Breached);
    }

    [Fact]
    public void Without_five_minutes_of_history_there_is_no_baseline_and_no_anomaly()
    {
        // Only four minutes before the window had orders: a ratio has no value in the others.
        var live = Series(minute => minute >= 51 ? Window(100, 2) : Window(), Window(100, 90), last5m: Window(500, 450));

        var observation = AlertObservation.Of(Rule(AlertCondition.Anomaly, direction: AlertDirection.Up), live);

        Assert.False(observation.Breached);
        Assert.Null(observation.Expected);
    }

    [Fact]
    public void A_flat_baseline_does_not_make_every_small_move_an_anomaly()
    {
        // The rate was exactly 0 for 55 minutes (no spread at all); 2 complaints in 100 orders is inside 3 × the 0.01 floor, 5 is not.
        var quiet = Series(_ => Window(100, 0), Window(100, 0), last5m: Window(100, 2));
        var spike = Series(_ => Window(100, 0), Window(100, 0), last5m: Window(100, 5));

        Assert.False(AlertObservation.Of(Rule(AlertCondition.Anomaly, direction: AlertDirection.Up), quiet).Breached);
        Assert.True(AlertObservation.Of(Rule(AlertCondition.Anomaly, direction: AlertDirection.Up), spike).Breached);
    }

    [Fact]
    public void A_count_is_expected_for_the_whole_window()
    {
        // 10 orders a minute: five minutes expect 50; 45 is inside the band, 100 is far above it.
        var usual = Series(minute => Window(10 + (minute % 2)), Window(10), last5m: Window(52));
        var rush = Series(minute => Window(10 + (minute % 2)), Window(10), last5m: Window(100));
        var rule = Rule(AlertCondition.Anomaly, direction: AlertDirection.Up, metric: AlertMetric.Orders);

        var observation = AlertObservation.Of(rule, usual);
        Assert.InRange(observation.Expected!.Value, 50m, 55m);
        Assert.False(observation.Breached);
        Assert.True(AlertObservation.Of(rule, rush).Breached);
    }

    [Fact]
    public void The_baseline_weighs_recent_minutes_most()
    {
        var perMinute = Enumerable.Range(0, 60).Select(minute => Window(100, minute < 30 ? 40 : 2)).ToList();

        var baseline = AlertBaseline.Of(AlertMetric.ComplaintRate, perMinute, 5)!;

        // A plain mean of the 55 minutes would be 0.227; 25 minutes at 0.02 leave 0.38 × 0.8^25 of the old level.
        Assert.Equal(55, baseline.Minutes);
        Assert.InRange(baseline.Mean, 0.0214m, 0.0215m);
    }
}
