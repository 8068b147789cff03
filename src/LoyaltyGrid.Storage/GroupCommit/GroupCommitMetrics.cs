using System.Diagnostics.Metrics;

namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>
/// The <c>LoyaltyGrid.Storage</c> meter: how many grain writes each group commit carried and how
/// long its transaction took. Tags come from fixed sets only.
/// </summary>
public sealed class GroupCommitMetrics
{
    public const string MeterName = "LoyaltyGrid.Storage";

    private static readonly int[] BatchSizeBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;

    public GroupCommitMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _batchSize = meter.CreateHistogram(
            "loyaltygrid.storage.group_commit.batch.size", "{write}", "Grain writes and deletes carried by one group-commit transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        _commitDuration = meter.CreateHistogram(
            "loyaltygrid.storage.group_commit.duration", "s", "From opening a group commit's connection to its commit (or failure), by outcome (committed, failed).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    internal void Batch(int size, TimeSpan elapsed, bool committed)
    {
        _batchSize.Record(size);
        _commitDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", committed ? "committed" : "failed"));
    }
}
