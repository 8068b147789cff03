using HdrHistogram;

namespace LoyaltyGrid.Cli.Bench;

/// <summary>Latencies in microseconds in an HdrHistogram (1 µs to 5 minutes, 3 significant digits), safe for many recorders.</summary>
public sealed class LatencyRecorder
{
    private static readonly long Highest = (long)TimeSpan.FromMinutes(5).TotalMicroseconds;
    private readonly LongHistogram _histogram = new(Highest, 3);
    private readonly Lock _gate = new();

    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp((long)latency.TotalMicroseconds, 1, Highest);
        lock (_gate)
        {
            _histogram.RecordValue(micros);
        }
    }

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _histogram.TotalCount;
            }
        }
    }

    public LatencySummary Summarize()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0)
            {
                return new LatencySummary(0, 0, 0, 0, 0, 0);
            }

            double Ms(long micros) => Math.Round(micros / 1000.0, 3);
            return new LatencySummary(
                Ms(_histogram.GetValueAtPercentile(50)),
                Ms(_histogram.GetValueAtPercentile(90)),
                Ms(_histogram.GetValueAtPercentile(99)),
                Ms(_histogram.GetValueAtPercentile(99.9)),
                Ms(_histogram.GetMaxValue()),
                Math.Round(_histogram.GetMean() / 1000.0, 3));
        }
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public override string ToString() => FormattableString.Invariant(
        $"p50 {P50:F2} ms, p90 {P90:F2} ms, p99 {P99:F2} ms, p99.9 {P999:F2} ms, max {Max:F2} ms");
}
