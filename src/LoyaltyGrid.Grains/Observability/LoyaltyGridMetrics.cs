using System.Diagnostics.Metrics;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Observability;

/// <summary>
/// LoyaltyGrid's own meter (<c>LoyaltyGrid</c>) and every instrument on it. It lives here rather
/// than in the server because the grains record most of it, and the server references the grains.
/// Names are the OpenTelemetry spelling; Prometheus shows them with dots as underscores, the unit
/// as a suffix (<c>s</c> → <c>_seconds</c>) and counters with <c>_total</c>, as listed in
/// docs/metrics.md, which dashboards are built from: rename nothing without changing it there.
/// </summary>
/// <remarks>
/// No instrument takes a customer id, session id or any other value a request chose freely as a
/// tag: every tag value comes from a fixed set or from configuration (storefronts), so the number
/// of series stays bounded.
/// </remarks>
public sealed class LoyaltyGridMetrics
{
    public const string MeterName = "LoyaltyGrid";

    // Storage round trips: a local PostgreSQL answers in a millisecond, a struggling one in seconds.
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // The KPI projection polls the journal every few tens of milliseconds; its lags start there and
    // stretch to seconds when a projection owner dies and another silo takes over.
    private static readonly double[] LagBuckets = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 120, 300];

    private static readonly int[] BatchSizeBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 20000];

    // Point flows are observed totals rather than counters added to: an observable counter reports
    // from the first collection, so a grid that has only sold so far shows redemptions and
    // reversals at 0 instead of as missing series, which dashboards draw as "no data".
    private long _pointsIssued;
    private long _pointsRedeemed;
    private long _pointsExpired;
    private long _pointsReversed;
    private readonly Histogram<double> _storageWrite;
    private readonly Histogram<int> _kpiBatchSize;
    private readonly Histogram<double> _kpiFlushLag;
    private readonly Histogram<double> _kpiFreshness;
    private readonly UpDownCounter<long> _kpiQueueDepth;
    private long _lastBacklog;

    public LoyaltyGridMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        Events = Meter.CreateCounter<long>(
            "loyaltygrid.events", "{event}",
            "Storefront events and redemptions received over HTTP, by type, storefront, outcome (accepted, duplicate, rejected, failed) and reason.");
        Meter.CreateObservableCounter("loyaltygrid.points.issued", () => Interlocked.Read(ref _pointsIssued), "{point}", "Points earned (purchases, reviews, referrals), as stored in the grid's KPIs.");
        Meter.CreateObservableCounter("loyaltygrid.points.redeemed", () => Interlocked.Read(ref _pointsRedeemed), "{point}", "Points spent, as stored in the grid's KPIs.");
        Meter.CreateObservableCounter("loyaltygrid.points.expired", () => Interlocked.Read(ref _pointsExpired), "{point}", "Points that expired, as stored in the grid's KPIs.");
        Meter.CreateObservableCounter("loyaltygrid.points.reversed", () => Interlocked.Read(ref _pointsReversed), "{point}", "Points taken back by refunds, as stored in the grid's KPIs.");
        _storageWrite = Meter.CreateHistogram(
            "loyaltygrid.storage.write.duration", "s", "Time to store a customer's or session's grain state, or a KPI scope's aggregate and marks.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _kpiBatchSize = Meter.CreateHistogram(
            "loyaltygrid.kpi.batch.size", "{event}", "Journal entries the KPI projection folded and stored in one transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        _kpiFlushLag = Meter.CreateHistogram(
            "loyaltygrid.kpi.flush.lag", "s", "From the acceptance of the oldest entry of a KPI projection page to the page being stored.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _kpiFreshness = Meter.CreateHistogram(
            "loyaltygrid.kpi.freshness", "s", "From an event's acceptance to its KPI changes being stored by the KPI projection.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _kpiQueueDepth = Meter.CreateUpDownCounter<long>(
            "loyaltygrid.kpi.queue.depth", "{event}", "Journal entries the KPI projection had not folded yet when it last read a page (on the silo that runs it).");
    }

    /// <summary>The meter, for the server's own instruments (HTTP events, business gauges).</summary>
    public Meter Meter { get; }

    /// <summary>Recorded by the server, which sees every outcome, including those that never reach a grain.</summary>
    public Counter<long> Events { get; }

    public void StorageWrite(string store, TimeSpan elapsed, string outcome) =>
        _storageWrite.Record(elapsed.TotalSeconds, new("store", store), new("outcome", outcome));

    /// <summary>
    /// The KPI projection stored a page of journal entries. Freshness is from each entry's
    /// acceptance to now, once per kind of scope the entry changed; point flows are counted from the grid's all-time deltas, which hold each
    /// flow exactly once, so the counters neither miss nor double any. <paramref name="backlog"/>
    /// is what the projection had not folded yet when it read the page.
    /// </summary>
    public void KpiProjected(IReadOnlyList<ProjectedKpis> page, TimeSpan lag, long backlog, DateTimeOffset now)
    {
        _kpiBatchSize.Record(page.Count);
        _kpiFlushLag.Record(lag.TotalSeconds, new KeyValuePair<string, object?>("outcome", "stored"));
        _kpiQueueDepth.Add(backlog - Interlocked.Exchange(ref _lastBacklog, backlog));
        long issued = 0, redeemed = 0, expired = 0, reversed = 0;
        foreach (var entry in page)
        {
            var freshness = Math.Max(0, (now - entry.AcceptedAt).TotalSeconds);
            foreach (var kind in entry.Deltas.Select(delta => ScopeKind(delta.Scope.Key)).Distinct())
            {
                _kpiFreshness.Record(freshness, new KeyValuePair<string, object?>("scope", kind));
            }

            foreach (var delta in entry.Deltas)
            {
                // Each flow is also counted in its day and month, and in every scope; the grid's all-time holds it once.
                if (delta.Bucket.Kind != KpiBucketKind.AllTime || delta.Scope != KpiScope.Grid)
                {
                    continue;
                }

                var points = (long)(delta.Amount * delta.Samples);
                switch (delta.Metric)
                {
                    case KpiMetrics.PointsIssued:
                        issued += points;
                        break;
                    case KpiMetrics.PointsRedeemed:
                        redeemed += points;
                        break;
                    case KpiMetrics.PointsExpired:
                        expired += points;
                        break;
                    case KpiMetrics.PointsReversed:
                        reversed += points;
                        break;
                }
            }
        }

        AddPositive(ref _pointsIssued, issued);
        AddPositive(ref _pointsRedeemed, redeemed);
        AddPositive(ref _pointsExpired, expired);
        AddPositive(ref _pointsReversed, reversed);
    }

    /// <summary>grid, storefront, market or storefront_market: the kind of a scope key, never the names in it.</summary>
    public static string ScopeKind(string scopeKey) => scopeKey switch
    {
        "grid" => "grid",
        _ when scopeKey.StartsWith("storefront-market:", StringComparison.Ordinal) => "storefront_market",
        _ when scopeKey.StartsWith("storefront:", StringComparison.Ordinal) => "storefront",
        _ when scopeKey.StartsWith("market:", StringComparison.Ordinal) => "market",
        _ => "other",
    };

    // A counter only goes up; flows are positive amounts already (KpiFacts takes their absolute value).
    private static void AddPositive(ref long total, long value)
    {
        if (value > 0)
        {
            Interlocked.Add(ref total, value);
        }
    }
}

/// <summary>The values of the <c>store</c> and <c>outcome</c> tags of storage writes.</summary>
public static class StorageWrites
{
    public const string Customer = "customer";
    public const string Session = "session";

    public const string Stored = "stored";
    public const string Failed = "failed";

    /// <summary>Another activation appended to the stream first (the caller's retry is answered from the journal).</summary>
    public const string Conflict = "conflict";
}

/// <summary>One journal entry's KPI changes and when it was accepted.</summary>
public sealed record ProjectedKpis(DateTimeOffset AcceptedAt, IReadOnlyList<KpiDelta> Deltas);
