namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// The KPI totals of one scope, as plain data that System.Text.Json round-trips: a scope grain
/// persists this object, applies each batch of its own deltas with <see cref="Apply"/> and
/// answers reads with <see cref="Snapshot"/>. Nothing is kept anywhere else.
/// </summary>
/// <remarks>
/// Counters are added to, never set, so totals equal the sum of all deltas whatever order the
/// batches arrive in. Two kinds of state are bounded rather than kept forever: day buckets more
/// than <see cref="RetainedDays"/> before the newest acceptance (the snapshot reads only today's,
/// and replaying years of history must not grow a scope without end; deltas for such days are
/// ignored, not half-applied), and live minutes older than the last <see cref="LiveMinutes"/>.
/// </remarks>
public sealed class KpiAggregate
{
    public const int RetainedDays = 35;
    public const int LiveMinutes = 60;
    private const int ShortWindowMinutes = 5;

    public string Scope { get; set; } = "";

    public DateTimeOffset? LatestAcceptedAt { get; set; }

    /// <summary>By <see cref="KpiBucket.Key"/>.</summary>
    public Dictionary<string, KpiTotals> Buckets { get; set; } = new();

    /// <summary>Counts of the additive metrics by the minute their events were accepted, oldest first.</summary>
    public List<KpiLiveMinute> Live { get; set; } = [];

    public static KpiAggregate For(KpiScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new KpiAggregate { Scope = scope.Key };
    }

    /// <summary>
    /// Adds a batch accepted at server time <paramref name="acceptedAt"/>. Every delta must be of
    /// this scope: a delta routed to the wrong scope is a bug that would silently corrupt the
    /// totals, so the whole batch is refused before anything changes.
    /// </summary>
    public void Apply(IEnumerable<KpiDelta> deltas, DateTimeOffset acceptedAt)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var batch = deltas.ToList();
        var scope = string.IsNullOrEmpty(Scope) && batch.Count > 0 ? batch[0].Scope?.Key ?? "" : Scope ?? "";
        foreach (var delta in batch)
        {
            Check(delta, scope);
        }

        Scope = scope;
        Buckets ??= new();
        Live ??= [];

        var previousOldestDay = LatestAcceptedAt is { } latest ? OldestRetainedDay(latest) : (DateOnly?)null;
        if (LatestAcceptedAt is null || acceptedAt > LatestAcceptedAt)
        {
            LatestAcceptedAt = acceptedAt;
        }

        var oldestDay = OldestRetainedDay(LatestAcceptedAt.Value);
        var liveMinute = LiveMinuteFor(acceptedAt);
        foreach (var delta in batch)
        {
            if (delta.Bucket.Kind == KpiBucketKind.Day && delta.Bucket.Start < oldestDay)
            {
                continue;
            }

            var key = KpiTotals.CounterKey(delta.Metric, delta.Dimension);
            if (!Buckets.TryGetValue(delta.Bucket.Key, out var totals))
            {
                Buckets.Add(delta.Bucket.Key, totals = new KpiTotals());
            }

            totals.Add(key, delta);
            if (totals.IsEmpty)
            {
                Buckets.Remove(delta.Bucket.Key);
            }

            // The all-time delta is made exactly once per accepted event in each of its scopes
            // (a visit moved to an earlier day changes only its day and month), so it is the one
            // to count live; a visit moved to another market moves live between those markets.
            if (liveMinute is not null && delta.Bucket.Kind == KpiBucketKind.AllTime && KpiMetrics.IsLive(delta.Metric))
            {
                KpiTotals.AddCounter(liveMinute.Counters, key, delta.Amount * delta.Samples);
            }
        }

        // Only a new day can make more days stale; scanning every bucket on every batch would
        // put that work on the hot path for nothing.
        if (previousOldestDay != oldestDay)
        {
            DropDaysBefore(oldestDay);
        }

        var oldestMinute = OldestLiveMinute(LatestAcceptedAt.Value);
        Live.RemoveAll(entry => entry.Minute < oldestMinute || entry.Counters is null || entry.Counters.Count == 0);
    }

    /// <summary>The snapshot as of server time <paramref name="now"/>: today and this month are its UTC day and month.</summary>
    public KpiSnapshot Snapshot(DateTimeOffset now)
    {
        var allTime = TotalsOf(KpiBucket.AllTime);
        var gauges = TotalsOf(KpiBucket.Now);
        return new KpiSnapshot(
            Scope,
            KpiReading.Period(allTime),
            KpiReading.Period(TotalsOf(KpiBucket.DayOf(now))),
            KpiReading.Period(TotalsOf(KpiBucket.MonthOf(now))),
            KpiReading.Ratio(allTime.Count(KpiMetrics.CustomersWithRepeat), allTime.Count(KpiMetrics.Buyers)),
            LiveAsOf(now),
            KpiReading.Cohorts(allTime, now),
            KpiReading.Lifecycle(gauges),
            KpiReading.Tiers(gauges),
            gauges.Count(KpiMetrics.OpenComplaints),
            gauges.Count(KpiMetrics.PointsOutstanding),
            now);
    }

    private static void Check(KpiDelta delta, string scope)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(delta.Scope, nameof(delta));
        ArgumentException.ThrowIfNullOrWhiteSpace(delta.Metric);
        if (delta.Metric.Contains(KpiTotals.DimensionSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metric '{delta.Metric}' cannot contain '{KpiTotals.DimensionSeparator}'.", nameof(delta));
        }

        if (delta.Scope.Key != scope)
        {
            throw new ArgumentException($"A delta of scope '{delta.Scope.Key}' reached the aggregate of '{scope}'.", nameof(delta));
        }
    }

    private static DateOnly OldestRetainedDay(DateTimeOffset latestAcceptedAt) =>
        KpiBucket.DayOf(latestAcceptedAt).Start.AddDays(-RetainedDays);

    private static DateTimeOffset MinuteOf(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static DateTimeOffset OldestLiveMinute(DateTimeOffset latest) => MinuteOf(latest).AddMinutes(1 - LiveMinutes);

    // Null when the batch is too old for the live windows (a retry accepted long ago).
    private KpiLiveMinute? LiveMinuteFor(DateTimeOffset acceptedAt)
    {
        var minute = MinuteOf(acceptedAt);
        if (minute < OldestLiveMinute(LatestAcceptedAt!.Value))
        {
            return null;
        }

        var index = Live.FindIndex(entry => entry.Minute >= minute);
        if (index >= 0 && Live[index].Minute == minute)
        {
            return Live[index];
        }

        var created = new KpiLiveMinute { Minute = minute };
        Live.Insert(index < 0 ? Live.Count : index, created);
        return created;
    }

    private void DropDaysBefore(DateOnly oldestDay)
    {
        foreach (var key in Buckets.Keys.ToList())
        {
            if (KpiBucket.TryParse(key, out var bucket) && bucket.Kind == KpiBucketKind.Day && bucket.Start < oldestDay)
            {
                Buckets.Remove(key);
            }
        }
    }

    private KpiTotals TotalsOf(KpiBucket bucket) =>
        Buckets?.GetValueOrDefault(bucket.Key) ?? new KpiTotals();

    /// <summary>Only the live windows of <see cref="Snapshot"/>, for readers (alert rules) that look every second.</summary>
    public KpiLiveSnapshot LiveAsOf(DateTimeOffset now)
    {
        var current = MinuteOf(now);
        var byMinute = (Live ?? []).ToDictionary(entry => entry.Minute);
        var minutes = Enumerable.Range(0, LiveMinutes)
            .Select(i => current.AddMinutes(i + 1 - LiveMinutes))
            .Select(minute => (Minute: minute, Counters: byMinute.GetValueOrDefault(minute)?.Counters ?? new Dictionary<string, decimal>()))
            .ToList();

        return new KpiLiveSnapshot(
            KpiReading.LiveWindow(minutes[^ShortWindowMinutes..]),
            KpiReading.LiveWindow(minutes),
            [.. minutes.Select(minute => KpiReading.LiveWindow([minute]))]);
    }
}

/// <summary>One minute of the live part: additive counters of the events accepted in it.</summary>
public sealed class KpiLiveMinute
{
    /// <summary>The minute's start, UTC.</summary>
    public DateTimeOffset Minute { get; set; }

    /// <summary>By <see cref="KpiTotals.CounterKey"/>.</summary>
    public Dictionary<string, decimal> Counters { get; set; } = new();
}
