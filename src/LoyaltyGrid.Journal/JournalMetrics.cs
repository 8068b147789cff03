using System.Diagnostics.Metrics;

namespace LoyaltyGrid.Journal;

/// <summary>
/// The <c>LoyaltyGrid.Journal</c> meter (exported as <c>loyaltygrid_journal_*</c>): group-commit
/// batch sizes and commit times, refused appends, projection pages and lag. Tags come from fixed
/// sets or projection names, which are few.
/// </summary>
public sealed class JournalMetrics
{
    public const string MeterName = "LoyaltyGrid.Journal";

    private static readonly int[] BatchSizeBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _appended;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _projected;
    private readonly Histogram<double> _projectionLag;

    public JournalMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _batchSize = meter.CreateHistogram(
            "loyaltygrid.journal.batch.size", "{write}", "Appends, due moments and snapshots carried by one group-commit transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        _commitDuration = meter.CreateHistogram(
            "loyaltygrid.journal.commit.duration", "s", "From opening a group commit's connection to its commit (or failure), by outcome (committed, failed).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _appended = meter.CreateCounter<long>("loyaltygrid.journal.appended", "{event}", "Journal entries committed.");
        _conflicts = meter.CreateCounter<long>("loyaltygrid.journal.conflicts", "{append}", "Stream appends refused because a sequence or event id was taken.");
        _projected = meter.CreateCounter<long>("loyaltygrid.journal.projection.folded", "{event}", "Entries folded into a projection, by projection and kind (live, rebuild).");
        _projectionLag = meter.CreateHistogram(
            "loyaltygrid.journal.projection.lag", "s", "From an entry's acceptance to the commit of the projection page holding it (live pages, oldest entry of the page).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    internal void Batch(int size, int appendedEntries, int conflicts, TimeSpan elapsed, bool committed)
    {
        _batchSize.Record(size);
        _commitDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", committed ? "committed" : "failed"));
        if (committed)
        {
            _appended.Add(appendedEntries);
            _conflicts.Add(conflicts);
        }
    }

    internal void Page(string projection, bool live, int entries, TimeSpan? lag)
    {
        var name = new KeyValuePair<string, object?>("projection", projection);
        _projected.Add(entries, name, new KeyValuePair<string, object?>("kind", live ? "live" : "rebuild"));
        if (lag is { } value)
        {
            _projectionLag.Record(Math.Max(0, value.TotalSeconds), name);
        }
    }
}
