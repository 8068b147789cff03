using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// Count and sum of samples (so the mean is exact) and a log-bucketed histogram for quantiles
/// within 1 % relative error. Unlike a streaming sketch it takes samples back exactly, which
/// an answer moved earlier needs. Plain data, so it persists with the aggregate.
/// </summary>
public sealed class KpiHistogram
{
    public long Count { get; set; }

    public decimal Sum { get; set; }

    /// <summary>Samples by bin index (<see cref="LogBins"/>); the layout is part of the stored format.</summary>
    public Dictionary<int, long> Bins { get; set; } = new();

    [JsonIgnore]
    public bool IsEmpty => Count == 0 && Sum == 0 && (Bins is null || Bins.Count == 0);

    /// <summary>Adds <paramref name="samples"/> observations of <paramref name="value"/>; a negative count removes them.</summary>
    public void Add(decimal value, int samples = 1)
    {
        Bins ??= new();
        Count += samples;
        Sum += value * samples;
        var bin = LogBins.IndexOf(value);
        var count = Bins.GetValueOrDefault(bin) + samples;
        if (count == 0)
        {
            Bins.Remove(bin);
        }
        else
        {
            Bins[bin] = count;
        }
    }

    /// <summary>0 without samples.</summary>
    [JsonIgnore]
    public decimal Mean => Count <= 0 ? 0 : Sum / Count;

    /// <summary>
    /// The nearest-rank quantile (the smallest sample with at least <paramref name="q"/> of the
    /// samples at or below it, as SQL's percentile_disc), to within 1 % of its value; 0 without
    /// samples. Samples of 1 ms or less, negative ones included, read as 0.
    /// </summary>
    public decimal Quantile(decimal q)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(q);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1m);
        if (Count <= 0 || Bins is null || Bins.Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)decimal.Ceiling(q * Count));
        long seen = 0;
        var last = 0;
        foreach (var (bin, count) in Bins.OrderBy(pair => pair.Key))
        {
            seen += count;
            last = bin;
            if (seen >= rank)
            {
                return LogBins.ValueOf(bin);
            }
        }

        // Only reachable while a removal has arrived before its addition; the highest bin is the best guess.
        return LogBins.ValueOf(last);
    }
}

/// <summary>
/// Bin i > 0 holds the values in (b[i−1], b[i]], with b[0] = 1 ms and each bound 1.02 times the
/// previous, and reads as 2·b[i−1]·b[i]/(b[i−1]+b[i]), which is within (1.02−1)/(1.02+1) ≈ 0.99 %
/// of every value in the bin. The bounds are computed in decimal, not with Math.Log, so every
/// machine puts a value in the same bin and a removal always finds the sample it takes back.
/// </summary>
internal static class LogBins
{
    private const decimal Lowest = 0.001m;
    private const decimal Growth = 1.02m;

    // Ten billion seconds (over 300 years) is beyond any duration the rules allow.
    private const decimal Highest = 10_000_000_000m;

    private static readonly decimal[] Bounds = ComputeBounds();

    public static int IndexOf(decimal value)
    {
        var index = Array.BinarySearch(Bounds, value);
        return index >= 0 ? index : ~index;
    }

    public static decimal ValueOf(int index)
    {
        if (index <= 0)
        {
            return 0;
        }

        if (index >= Bounds.Length)
        {
            return Bounds[^1];
        }

        var (low, high) = (Bounds[index - 1], Bounds[index]);
        return 2 * low * high / (low + high);
    }

    private static decimal[] ComputeBounds()
    {
        var bounds = new List<decimal> { Lowest };
        while (bounds[^1] < Highest)
        {
            bounds.Add(bounds[^1] * Growth);
        }

        return [.. bounds];
    }
}
