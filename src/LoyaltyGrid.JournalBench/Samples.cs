namespace LoyaltyGrid.JournalBench;

/// <summary>Latencies of one run, in stopwatch ticks, gathered per worker and merged at the end.</summary>
internal static class Samples
{
    public static double PercentileMs(List<long> sortedTicks, double percentile)
    {
        if (sortedTicks.Count == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(percentile / 100 * sortedTicks.Count) - 1;
        return sortedTicks[Math.Clamp(index, 0, sortedTicks.Count - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The 1-minute load average, so every printed figure says how busy the machine was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>A note of about <paramref name="bytes"/> characters, so a journal row is as large as a purchase's.</summary>
    public static string Padding(int bytes) => new('x', Math.Max(0, bytes));
}
