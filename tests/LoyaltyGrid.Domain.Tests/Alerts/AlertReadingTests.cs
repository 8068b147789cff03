using LoyaltyGrid.Domain.Alerts;
using static LoyaltyGrid.Domain.Tests.Alerts.LiveWindows;

namespace LoyaltyGrid.Domain.Tests.Alerts;

public class AlertReadingTests
{
    public static TheoryData<AlertMetric, double, long> Readings => new()
    {
        // orders 40, complaints 10, visits 200, converted 30, refunds 4, revenue 2000, 3 breaches, 2/3/5 labels, 6/2/2 NPS.
        { AlertMetric.ComplaintRate, 0.25, 40 },
        { AlertMetric.ConversionRate, 0.15, 200 },
        { AlertMetric.RefundRate, 0.1, 40 },
        { AlertMetric.Aov, 50, 40 },
        { AlertMetric.Orders, 40, 40 },
        { AlertMetric.SlaBreaches, 3, 3 },
        { AlertMetric.NegativeShare, 0.5, 10 },
        { AlertMetric.Nps, 40, 10 },
    };

    [Theory]
    [MemberData(nameof(Readings))]
    public void Each_metric_reads_its_value_and_the_volume_min_volume_compares(AlertMetric metric, double value, long volume)
    {
        var window = Window(orders: 40, complaints: 10, visits: 200, converted: 30, refunds: 4, revenue: 2000, slaBreaches: 3,
            positive: 2, neutral: 3, negative: 5, promoters: 6, passives: 2, detractors: 2);

        var reading = AlertReading.Of(metric, window);

        Assert.Equal((decimal)value, reading.Value);
        Assert.Equal(volume, reading.Volume);
    }

    [Fact]
    public void Every_metric_has_an_api_name_that_parses_back()
    {
        foreach (var metric in Enum.GetValues<AlertMetric>())
        {
            Assert.True(AlertNames.TryParseMetric(metric.ToApiName(), out var parsed));
            Assert.Equal(metric, parsed);
        }

        Assert.Equal(["complaintRate", "conversionRate", "refundRate", "aov", "orders", "slaBreaches", "negativeShare", "nps"], Enum.GetValues<AlertMetric>().Select(m => m.ToApiName()));
        Assert.False(AlertNames.TryParseMetric("ComplaintRate", out _));
    }
}
