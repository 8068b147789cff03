using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>The counters and histograms of one bucket of one scope.</summary>
public sealed class KpiTotals
{
    public const char DimensionSeparator = '/';

    /// <summary>By <see cref="CounterKey"/>; a counter that returns to 0 is removed.</summary>
    public Dictionary<string, decimal> Counters { get; set; } = new();

    /// <summary>By metric; a histogram that returns to empty is removed.</summary>
    public Dictionary<string, KpiHistogram> Histograms { get; set; } = new();

    [JsonIgnore]
    public bool IsEmpty => (Counters is null || Counters.Count == 0) && (Histograms is null || Histograms.Count == 0);

    /// <summary>"metric", or "metric/dimension": flat keys keep the stored JSON readable.</summary>
    public static string CounterKey(string metric, string? dimension) =>
        dimension is null ? metric : $"{metric}{DimensionSeparator}{dimension}";

    public decimal Value(string metric, string? dimension = null) =>
        Counters?.GetValueOrDefault(CounterKey(metric, dimension)) ?? 0;

    /// <summary>The dimensions of <paramref name="metric"/> with their values.</summary>
    public IEnumerable<(string Dimension, decimal Value)> Dimensions(string metric)
    {
        var prefix = metric + DimensionSeparator;
        return (Counters ?? []).Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(pair => (pair.Key[prefix.Length..], pair.Value));
    }

    public KpiHistogram? Histogram(string metric) => Histograms?.GetValueOrDefault(metric);

    internal long Count(string metric, string? dimension = null) => (long)Value(metric, dimension);

    internal void Add(string key, KpiDelta delta)
    {
        if (!KpiMetrics.IsHistogram(delta.Metric))
        {
            AddCounter(Counters ??= new(), key, delta.Amount * delta.Samples);
            return;
        }

        Histograms ??= new();
        if (!Histograms.TryGetValue(key, out var histogram))
        {
            Histograms.Add(key, histogram = new KpiHistogram());
        }

        histogram.Add(delta.Amount, delta.Samples);
        if (histogram.IsEmpty)
        {
            Histograms.Remove(key);
        }
    }

    internal static void AddCounter(Dictionary<string, decimal> counters, string key, decimal amount)
    {
        var value = counters.GetValueOrDefault(key) + amount;
        if (value == 0)
        {
            counters.Remove(key);
        }
        else
        {
            counters[key] = value;
        }
    }
}
