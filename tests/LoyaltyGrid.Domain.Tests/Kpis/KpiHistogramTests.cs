using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Tests.Kpis;

public class KpiHistogramTests
{
    public static TheoryData<int, string> Distributions => new()
    {
        { 1, "uniform" },
        { 2, "lognormal" },
        { 3, "bimodal" },
        { 4, "few" },
        { 5, "lognormal" },
        { 6, "uniform" },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void P90_is_within_one_percent_of_the_exact_nearest_rank_value(int seed, string shape)
    {
        var random = new Random(seed);
        var count = shape == "few" ? random.Next(1, 12) : random.Next(50, 5_000);
        var samples = Enumerable.Range(0, count).Select(_ => Sample(random, shape)).ToList();
        var histogram = new KpiHistogram();
        samples.ForEach(sample => histogram.Add(sample));

        var sorted = samples.Order().ToList();
        foreach (var q in new[] { 0.5m, 0.9m, 0.99m, 1m })
        {
            var exact = sorted[(int)Math.Ceiling((double)(q * count)) - 1];
            var estimate = histogram.Quantile(q);
            Assert.True(
                Math.Abs(estimate - exact) <= exact * 0.01m,
                $"q={q}: estimate {estimate} vs exact {exact} ({count} {shape} samples)");
        }

        Assert.Equal(samples.Sum(), histogram.Sum);
        Assert.Equal(samples.Sum() / count, histogram.Mean);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Removing_samples_leaves_exactly_the_histogram_of_the_rest(int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, 2_000).Select(_ => Sample(random, "lognormal")).ToList();
        var removed = samples.Where(_ => random.Next(3) == 0).ToList();
        var kept = samples.ToList();
        removed.ForEach(sample => kept.Remove(sample));

        var histogram = new KpiHistogram();
        samples.ForEach(sample => histogram.Add(sample));
        removed.ForEach(sample => histogram.Add(sample, -1));
        var fresh = new KpiHistogram();
        kept.ForEach(sample => fresh.Add(sample));

        Assert.Equal(fresh.Count, histogram.Count);
        Assert.Equal(fresh.Sum, histogram.Sum);
        Assert.Equal(fresh.Bins.OrderBy(pair => pair.Key), histogram.Bins.OrderBy(pair => pair.Key));
        Assert.Equal(fresh.Quantile(0.9m), histogram.Quantile(0.9m));

        kept.ForEach(sample => histogram.Add(sample, -1));
        Assert.True(histogram.IsEmpty);
    }

    [Fact]
    public void Without_samples_every_statistic_is_zero()
    {
        var histogram = new KpiHistogram();

        Assert.Equal((0, 0m, 0m), (histogram.Count, histogram.Mean, histogram.Quantile(0.9m)));
    }

    [Fact]
    public void Negative_and_tiny_samples_count_in_the_mean_and_read_as_zero_in_quantiles()
    {
        var histogram = new KpiHistogram();
        histogram.Add(-30m);
        histogram.Add(0.0005m);

        Assert.Equal(2, histogram.Count);
        Assert.Equal(-14.99975m, histogram.Mean);
        Assert.Equal(0m, histogram.Quantile(1m));
    }

    // Seconds with tick precision, as KpiFacts.Seconds makes them.
    private static decimal Sample(Random random, string shape)
    {
        var seconds = shape switch
        {
            "uniform" => random.NextDouble() * 72 * 3600,
            "bimodal" => random.Next(2) == 0 ? 60 + random.NextDouble() * 600 : 86_400 + random.NextDouble() * 86_400,
            _ => Math.Exp(8 + 2 * Gaussian(random)),
        };
        return KpiFacts.Seconds(TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond) + 1));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
