using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// One change to one scope's totals. A counter adds <see cref="Amount"/> × <see cref="Samples"/>;
/// a histogram (<see cref="KpiMetrics.IsHistogram"/>) adds <see cref="Samples"/> observations of
/// the value <see cref="Amount"/>, so −1 takes back a sample that was added before (a complaint
/// response that turned out to have happened earlier).
/// </summary>
public sealed record KpiDelta(KpiScope Scope, string Metric, KpiBucket Bucket, string? Dimension, decimal Amount, int Samples = 1)
{
    [JsonIgnore]
    public KpiKey Key => new(Scope, Metric, Bucket, Dimension);

    /// <summary>
    /// The same total change in fewer deltas: counters with the same key are summed, samples of
    /// the same value netted, and whatever nets to zero dropped. A pipeline may compact what it
    /// batches for one acceptance time; compacting across times would move live counts.
    /// </summary>
    public static IReadOnlyList<KpiDelta> Compact(IEnumerable<KpiDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var counters = new Dictionary<KpiKey, decimal>();
        var samples = new Dictionary<(KpiKey Key, decimal Value), int>();
        var order = new List<(KpiKey Key, decimal? Value)>();
        foreach (var delta in deltas)
        {
            if (KpiMetrics.IsHistogram(delta.Metric))
            {
                var sample = (delta.Key, delta.Amount);
                if (!samples.TryGetValue(sample, out var count))
                {
                    order.Add((delta.Key, delta.Amount));
                }

                samples[sample] = count + delta.Samples;
            }
            else
            {
                if (!counters.TryGetValue(delta.Key, out var total))
                {
                    order.Add((delta.Key, null));
                }

                counters[delta.Key] = total + delta.Amount * delta.Samples;
            }
        }

        var compacted = new List<KpiDelta>(order.Count);
        foreach (var (key, value) in order)
        {
            if (value is { } sampleValue)
            {
                if (samples[(key, sampleValue)] is var count and not 0)
                {
                    compacted.Add(key.Delta(sampleValue, count));
                }
            }
            else if (counters[key] is var total && total != 0)
            {
                compacted.Add(key.Delta(total));
            }
        }

        return compacted;
    }
}

/// <summary>What a delta changes: one counter (or histogram) of one scope, bucket and dimension.</summary>
public sealed record KpiKey(KpiScope Scope, string Metric, KpiBucket Bucket, string? Dimension = null)
{
    public KpiDelta Delta(decimal amount, int samples = 1) => new(Scope, Metric, Bucket, Dimension, amount, samples);
}
