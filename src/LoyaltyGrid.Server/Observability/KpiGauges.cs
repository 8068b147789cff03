using System.Diagnostics.Metrics;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Projections.Insight;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// The live business KPIs as observable gauges (<c>loyaltygrid_kpi_*</c>), per scope: the grid,
/// each storefront, each market and each storefront × market that has KPIs stored. The values
/// are read from the KPI scope grains' snapshots on a timer (<see cref="ObservabilityOptions.KpiGaugeInterval"/>)
/// and a scrape only reads the last copy, so however often Prometheus scrapes, the grains are
/// asked at the same pace. Every server reports the same cluster-wide values. The grid's
/// attribution channels (<c>loyaltygrid_kpi_channel_*</c>) are read on the same timer from the
/// attribution projection's table, in one query.
/// </summary>
public sealed partial class KpiGauges : BackgroundService
{
    public const string AllTime = "all_time";
    public const string Today = "today";
    public const string Last5m = "last_5m";
    public const string Last60m = "last_60m";

    private readonly IGrainFactory _grains;
    private readonly IKpiScopeStore _scopes;
    private readonly AttributionStore _attribution;
    private readonly ObservabilityLabels _labels;
    private readonly TimeSpan _interval;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _clock;
    private readonly ILogger<KpiGauges> _logger;
    private readonly KeyValuePair<string, object?> _currency;

    private volatile IReadOnlyList<KpiGaugeRow> _rows = [];
    private volatile IReadOnlyList<ChannelGaugeRow> _channels = [];
    private long _lastRefreshTimestamp;
    private bool _failing;

    public KpiGauges(
        IGrainFactory grains,
        IKpiScopeStore scopes,
        AttributionStore attribution,
        LoyaltyGridMetrics metrics,
        ObservabilityLabels labels,
        IOptions<ObservabilityOptions> options,
        LoyaltyRules rules,
        IHostApplicationLifetime lifetime,
        TimeProvider clock,
        ILogger<KpiGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rules);
        (_grains, _scopes, _labels, _interval, _lifetime, _clock, _logger) = (grains, scopes, labels, options.Value.KpiGaugeInterval, lifetime, clock, logger);
        _currency = new("currency", rules.ReportingCurrency);
        _attribution = attribution;

        var meter = metrics.Meter;
        meter.CreateObservableGauge("loyaltygrid.kpi.orders", () => Periodic(figures => figures.Orders, live: true), "{order}", "Accepted purchases.");
        meter.CreateObservableGauge("loyaltygrid.kpi.visits", () => Periodic(figures => figures.Visits, live: true), "{session}", "Distinct sessions visited.");
        meter.CreateObservableGauge("loyaltygrid.kpi.gross_revenue", () => Periodic(figures => figures.GrossRevenue, money: true), null, "Sum of purchase amounts, in the reporting currency.");
        meter.CreateObservableGauge("loyaltygrid.kpi.net_revenue", () => Periodic(figures => figures.NetRevenue, money: true), null, "Gross revenue less refunded amounts, in the reporting currency.");
        meter.CreateObservableGauge("loyaltygrid.kpi.aov", () => Periodic(figures => figures.Aov, money: true, live: true), null, "Average order value: gross revenue / orders.");
        meter.CreateObservableGauge("loyaltygrid.kpi.conversion_rate", () => Periodic(figures => figures.ConversionRate, live: true), null, "Converted sessions / visits.");
        meter.CreateObservableGauge("loyaltygrid.kpi.refund_rate", () => Periodic(figures => figures.RefundRate, live: true), null, "Refunds / orders.");
        meter.CreateObservableGauge("loyaltygrid.kpi.complaint_rate", () => Periodic(figures => figures.ComplaintRate, live: true), null, "Complaints opened / orders.");
        meter.CreateObservableGauge("loyaltygrid.kpi.sla_breaches", () => Periodic(figures => figures.SlaBreaches, live: true), "{breach}", "Complaint response and resolution deadlines that passed unmet.");
        meter.CreateObservableGauge("loyaltygrid.kpi.csat", () => Periodic(figures => figures.Csat), null, "Share of reviews rated 4 or 5.");
        meter.CreateObservableGauge("loyaltygrid.kpi.nps", () => Periodic(figures => figures.Nps, live: true), null, "Net promoter score over NPS survey responses, -100 to 100.");
        meter.CreateObservableGauge("loyaltygrid.kpi.nps_responses", () => Periodic(figures => figures.NpsResponses, live: true), "{response}", "NPS survey responses.");
        meter.CreateObservableGauge("loyaltygrid.kpi.survey_csat", () => Periodic(figures => figures.SurveyCsat), null, "Share of CSAT survey responses scored 4 or 5.");
        meter.CreateObservableGauge("loyaltygrid.kpi.survey_csat_responses", () => Periodic(figures => figures.CsatResponses), "{response}", "CSAT survey responses.");
        meter.CreateObservableGauge("loyaltygrid.kpi.sentiment", ObserveSentiment, "{text}", "Feedback texts (reviews, survey comments, complaint notes) by sentiment label.");
        meter.CreateObservableGauge("loyaltygrid.kpi.negative_share", () => Periodic(figures => figures.NegativeShare, live: true), null, "Negative feedback texts / labelled feedback texts.");
        meter.CreateObservableGauge("loyaltygrid.kpi.channel.visits", () => Channel(row => row.Figures.Visits), "{session}", "All time, whole grid: sessions whose attribution is the channel.");
        meter.CreateObservableGauge("loyaltygrid.kpi.channel.orders", () => Channel(row => row.Figures.Orders), "{order}", "All time, whole grid: purchases attributed to the channel.");
        meter.CreateObservableGauge("loyaltygrid.kpi.channel.conversion_rate", () => Channel(row => (double)row.Rates.ConversionRate), null, "All time, whole grid: the channel's converted sessions / visits.");
        meter.CreateObservableGauge("loyaltygrid.kpi.channel.gross_revenue", () => Channel(row => (double)row.Figures.GrossRevenue, money: true), null, "All time, whole grid: purchase amounts attributed to the channel, in the reporting currency.");
        meter.CreateObservableGauge("loyaltygrid.kpi.channel.revenue_per_visit", () => Channel(row => (double)row.Rates.RevenuePerVisit, money: true), null, "All time, whole grid: the channel's gross revenue / visits.");
        meter.CreateObservableGauge("loyaltygrid.kpi.repeat_purchase_rate", () => Current(row => row.RepeatPurchaseRate), null, "All time: customers with 2 or more purchases / customers with 1 or more.");
        meter.CreateObservableGauge("loyaltygrid.kpi.points_outstanding", () => Current(row => row.PointsOutstanding), "{point}", "Sum of all balances now: the programme's liability.");
        meter.CreateObservableGauge("loyaltygrid.kpi.gauge.refresh.age", ObserveRefreshAge, "s", "Time since the KPI gauges were last read from the scopes; grows while they cannot be.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Before the silo has joined there is nobody to ask.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        using var timer = new PeriodicTimer(_interval, _clock);
        do
        {
            await RefreshSafelyAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
            if (_failing)
            {
                LogRefreshRecovered();
            }

            _failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The gauges keep their last values (the refresh age shows how old); one warning per outage.
            if (!_failing)
            {
                LogRefreshFailed(ex);
            }

            _failing = true;
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var keys = await ReadScopeKeysAsync(cancellationToken);
        var scopes = KpiGaugeAggregation.Label(keys, _labels);
        var snapshots = new (KpiGaugeLabels Labels, KpiSnapshot Snapshot)[scopes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, scopes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (index, _) => snapshots[index] = (scopes[index].Labels, await _grains.GetGrain<IKpiScopeGrain>(scopes[index].Key).Snapshot()));
        _rows = KpiGaugeAggregation.Aggregate(snapshots);
        // One indexed read of the attribution projection's grid rows: the whole grid, all time.
        var channels = await _attribution.GroupsAsync(KpiScope.Grid.Key, AttributionDimensions.Channel, KpiBucket.AllTime.Key, cancellationToken);
        _channels = ChannelGaugeAggregation.Aggregate(channels, _labels.Channels);
        Interlocked.Exchange(ref _lastRefreshTimestamp, _clock.GetTimestamp());
    }

    /// <summary>The scopes that have KPIs stored: the only source of storefront and market label values besides configuration.</summary>
    private async Task<IReadOnlyList<string>> ReadScopeKeysAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string> { KpiScope.Grid.Key };
        keys.AddRange((await _scopes.ScopesAsync(cancellationToken)).Where(scope => scope != KpiScope.Grid.Key));
        return keys;
    }

    /// <summary>
    /// The event-time buckets of every row and, for the metrics an alert rule may watch
    /// (<paramref name="live"/>), the live windows by acceptance time that alert rules evaluate.
    /// </summary>
    private IEnumerable<Measurement<double>> Periodic(Func<KpiFigures, double> value, bool money = false, bool live = false)
    {
        foreach (var row in _rows)
        {
            foreach (var (period, figures) in Periods(row, live))
            {
                yield return new Measurement<double>(value(figures), Tags(row, period, money));
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveSentiment()
    {
        foreach (var row in _rows)
        {
            foreach (var (period, figures) in Periods(row, live: true))
            {
                foreach (var (label, count) in new[] { ("positive", figures.Positive), ("neutral", figures.Neutral), ("negative", figures.Negative) })
                {
                    yield return new Measurement<double>(count, [.. Tags(row, period, money: false), new("sentiment", label)]);
                }
            }
        }
    }

    private IEnumerable<Measurement<double>> Channel(Func<ChannelGaugeRow, double> value, bool money = false)
    {
        foreach (var row in _channels)
        {
            KeyValuePair<string, object?>[] tags = [new("scope", "grid"), new("channel", row.Channel), new("period", AllTime)];
            yield return new Measurement<double>(value(row), money ? [.. tags, _currency] : tags);
        }
    }

    private static IEnumerable<(string Period, KpiFigures Figures)> Periods(KpiGaugeRow row, bool live)
    {
        yield return (AllTime, row.AllTime);
        yield return (Today, row.Today);
        if (live)
        {
            yield return (Last5m, row.Last5m);
            yield return (Last60m, row.Last60m);
        }
    }

    private IEnumerable<Measurement<double>> Current(Func<KpiGaugeRow, double> value) =>
        _rows.Select(row => new Measurement<double>(value(row), row.Labels.Tags()));

    private IEnumerable<Measurement<double>> ObserveRefreshAge()
    {
        var last = Interlocked.Read(ref _lastRefreshTimestamp);
        return last == 0 ? [] : [new Measurement<double>(_clock.GetElapsedTime(last).TotalSeconds)];
    }

    private KeyValuePair<string, object?>[] Tags(KpiGaugeRow row, string period, bool money)
    {
        var tags = new List<KeyValuePair<string, object?>>(row.Labels.Tags()) { new("period", period) };
        if (money)
        {
            tags.Add(_currency);
        }

        return [.. tags];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the KPI gauges from the scopes failed; they keep their last values until it works again")]
    private partial void LogRefreshFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The KPI gauges are read from the scopes again")]
    private partial void LogRefreshRecovered();
}

/// <summary>
/// The labels a scope is reported under: <c>scope</c> (grid, storefront, market,
/// storefront_market) and, where the scope has them, <c>storefront</c> and <c>market</c>,
/// already bounded (possibly <c>other</c>).
/// </summary>
public sealed record KpiGaugeLabels(string Scope, string? Storefront, string? Market)
{
    public KeyValuePair<string, object?>[] Tags() => (Storefront, Market) switch
    {
        (null, null) => [new("scope", Scope)],
        (not null, null) => [new("scope", Scope), new("storefront", Storefront)],
        (null, not null) => [new("scope", Scope), new("market", Market)],
        _ => [new("scope", Scope), new("storefront", Storefront), new("market", Market)],
    };
}

/// <summary>What a gauge reports for one period: all time, today, or a live window.</summary>
public sealed record KpiFigures(
    double Orders,
    double GrossRevenue,
    double NetRevenue,
    double Aov,
    double ConversionRate,
    double ComplaintRate,
    double Csat,
    double Visits,
    double RefundRate,
    double SlaBreaches,
    double Nps,
    double NpsResponses,
    double SurveyCsat,
    double CsatResponses,
    double Positive,
    double Neutral,
    double Negative,
    double NegativeShare);

public sealed record KpiGaugeRow(KpiGaugeLabels Labels, KpiFigures AllTime, KpiFigures Today, double RepeatPurchaseRate, double PointsOutstanding, KpiFigures Last5m, KpiFigures Last60m);

/// <summary>From scope keys and snapshots to gauge rows, with folded label values merged into one row.</summary>
public static class KpiGaugeAggregation
{
    private const string StorefrontPrefix = "storefront:";
    private const string MarketPrefix = "market:";
    private const string StorefrontMarketPrefix = "storefront-market:";

    /// <summary>
    /// The labels of each scope key (unknown key shapes are left out). Values are admitted to the
    /// limiters in sorted order, so which ones get their own series does not depend on the order
    /// the database returned them in.
    /// </summary>
    public static IReadOnlyList<(string Key, KpiGaugeLabels Labels)> Label(IEnumerable<string> keys, ObservabilityLabels limits)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(limits);
        var parsed = keys.Select(key => (Key: key, Parts: Parse(key))).Where(scope => scope.Parts is not null).ToList();
        foreach (var storefront in parsed.Select(scope => scope.Parts!.Value.Storefront).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            limits.Storefronts.Admit(storefront);
        }

        foreach (var market in parsed.Select(scope => scope.Parts!.Value.Market).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            limits.Markets.Admit(market);
        }

        return parsed.Select(scope =>
        {
            var (kind, storefront, market) = scope.Parts!.Value;
            return (scope.Key, new KpiGaugeLabels(
                kind,
                storefront is null ? null : limits.Storefronts.Admit(storefront),
                market is null ? null : limits.Markets.Admit(market)));
        }).ToList();
    }

    /// <summary>
    /// One row per distinct labels. A scope alone under its labels is reported exactly as its
    /// snapshot says; scopes folded together (under <c>other</c>) are added up part by part and
    /// their ratios computed from the sums, so they stay ratios of the merged totals. Buyers of
    /// folded storefronts are summed, so a customer of two of them counts twice in that row's
    /// repeat purchase rate.
    /// </summary>
    public static IReadOnlyList<KpiGaugeRow> Aggregate(IEnumerable<(KpiGaugeLabels Labels, KpiSnapshot Snapshot)> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return scopes
            .GroupBy(scope => scope.Labels)
            .Select(group => group.Count() == 1 ? Exact(group.Key, group.First().Snapshot) : Merged(group.Key, group.Select(scope => scope.Snapshot).ToList()))
            .OrderBy(row => row.Labels.Scope, StringComparer.Ordinal)
            .ThenBy(row => row.Labels.Storefront, StringComparer.Ordinal)
            .ThenBy(row => row.Labels.Market, StringComparer.Ordinal)
            .ToList();
    }

    private static KpiGaugeRow Exact(KpiGaugeLabels labels, KpiSnapshot snapshot) => new(
        labels,
        Figures(Bucket.Of(snapshot.AllTime)),
        Figures(Bucket.Of(snapshot.Today)),
        (double)snapshot.RepeatPurchaseRate,
        snapshot.PointsOutstanding,
        Figures(Bucket.Of(snapshot.Live.Last5m)),
        Figures(Bucket.Of(snapshot.Live.Last60m)));

    private static KpiFigures Figures(Bucket bucket)
    {
        var sentiment = bucket.Sentiment;
        return new KpiFigures(
            bucket.Orders,
            (double)bucket.GrossRevenue,
            (double)bucket.NetRevenue,
            (double)bucket.Aov,
            (double)bucket.ConversionRate,
            (double)bucket.ComplaintRate,
            (double)bucket.Csat,
            bucket.Visits,
            (double)bucket.RefundRate,
            bucket.SlaBreaches,
            (double)bucket.Nps,
            bucket.NpsResponses,
            (double)bucket.SurveyCsat,
            bucket.CsatResponses,
            sentiment.Positive,
            sentiment.Neutral,
            sentiment.Negative,
            (double)sentiment.NegativeShare);
    }

    private static KpiGaugeRow Merged(KpiGaugeLabels labels, IReadOnlyList<KpiSnapshot> snapshots)
    {
        var buyers = snapshots.Sum(snapshot => snapshot.AllTime.Buyers);
        // The snapshot keeps the ratio, not its numerator; ratio × denominator gives the whole count back.
        var repeaters = snapshots.Sum(snapshot => Math.Round(snapshot.RepeatPurchaseRate * snapshot.AllTime.Buyers));
        return new KpiGaugeRow(
            labels,
            Merge(snapshots.Select(snapshot => Bucket.Of(snapshot.AllTime))),
            Merge(snapshots.Select(snapshot => Bucket.Of(snapshot.Today))),
            (double)Ratio(repeaters, buyers),
            snapshots.Sum(snapshot => snapshot.PointsOutstanding),
            Merge(snapshots.Select(snapshot => Bucket.Of(snapshot.Live.Last5m))),
            Merge(snapshots.Select(snapshot => Bucket.Of(snapshot.Live.Last60m))));
    }

    private static KpiFigures Merge(IEnumerable<Bucket> buckets)
    {
        decimal orders = 0, gross = 0, refunded = 0, visits = 0, converted = 0, refunds = 0, complaints = 0, breaches = 0, reviews = 0, satisfied = 0;
        decimal promoters = 0, detractors = 0, npsResponses = 0, csatResponses = 0, surveySatisfied = 0, positive = 0, neutral = 0, negative = 0;
        foreach (var bucket in buckets)
        {
            orders += bucket.Orders;
            gross += bucket.GrossRevenue;
            refunded += bucket.RefundedAmount;
            visits += bucket.Visits;
            converted += bucket.ConvertedSessions;
            refunds += bucket.Refunds;
            complaints += bucket.Complaints;
            breaches += bucket.SlaBreaches;
            reviews += bucket.Reviews;
            satisfied += Math.Round(bucket.Csat * bucket.Reviews);
            promoters += bucket.Promoters;
            detractors += bucket.Detractors;
            npsResponses += bucket.NpsResponses;
            csatResponses += bucket.CsatResponses;
            surveySatisfied += Math.Round(bucket.SurveyCsat * bucket.CsatResponses);
            positive += bucket.Sentiment.Positive;
            neutral += bucket.Sentiment.Neutral;
            negative += bucket.Sentiment.Negative;
        }

        return new KpiFigures(
            (double)orders,
            (double)gross,
            (double)(gross - refunded),
            (double)Math.Round(Ratio(gross, orders), 2, MidpointRounding.AwayFromZero),
            (double)Ratio(converted, visits),
            (double)Ratio(complaints, orders),
            (double)Ratio(satisfied, reviews),
            (double)visits,
            (double)Ratio(refunds, orders),
            (double)breaches,
            (double)(100 * Ratio(promoters - detractors, npsResponses)),
            (double)npsResponses,
            (double)Ratio(surveySatisfied, csatResponses),
            (double)csatResponses,
            (double)positive,
            (double)neutral,
            (double)negative,
            (double)Ratio(negative, positive + neutral + negative));
    }

    /// <summary>
    /// What the gauges read of a bucket, the same for an event-time bucket and a live window
    /// (two record types in the snapshot that share these fields).
    /// </summary>
    private sealed record Bucket(
        long Visits,
        long Orders,
        decimal GrossRevenue,
        long Refunds,
        decimal RefundedAmount,
        decimal NetRevenue,
        decimal Aov,
        long ConvertedSessions,
        decimal ConversionRate,
        decimal RefundRate,
        long Complaints,
        decimal ComplaintRate,
        long SlaBreaches,
        long Reviews,
        decimal Csat,
        decimal Nps,
        long NpsResponses,
        long Promoters,
        long Detractors,
        decimal SurveyCsat,
        long CsatResponses,
        KpiSentimentCounts Sentiment)
    {
        public static Bucket Of(KpiPeriodSnapshot period) => new(
            period.Visits, period.Orders, period.GrossRevenue, period.Refunds, period.RefundedAmount, period.NetRevenue, period.Aov,
            period.ConvertedSessions, period.ConversionRate, period.RefundRate, period.Complaints.Total, period.ComplaintRate, period.SlaBreaches,
            period.Reviews, period.Csat, period.Nps, period.NpsResponses, period.Promoters, period.Detractors, period.SurveyCsat, period.CsatResponses,
            period.Sentiment ?? KpiSentimentCounts.None);

        public static Bucket Of(KpiLiveWindow window) => new(
            window.Visits, window.Orders, window.GrossRevenue, window.Refunds, window.RefundedAmount, window.NetRevenue, window.Aov,
            window.ConvertedSessions, window.ConversionRate, window.RefundRate, window.Complaints.Total, window.ComplaintRate, window.SlaBreaches,
            window.Reviews, window.Csat, window.Nps, window.NpsResponses, window.Promoters, window.Detractors, window.SurveyCsat, window.CsatResponses,
            window.Sentiment ?? KpiSentimentCounts.None);
    }

    private static decimal Ratio(decimal numerator, decimal denominator) => denominator == 0 ? 0 : numerator / denominator;

    // The key format of KpiScope.Key; a market never contains '|', so the last one separates.
    private static (string Kind, string? Storefront, string? Market)? Parse(string key)
    {
        if (key == "grid")
        {
            return ("grid", null, null);
        }

        if (key.StartsWith(StorefrontMarketPrefix, StringComparison.Ordinal))
        {
            var pair = key[StorefrontMarketPrefix.Length..];
            var bar = pair.LastIndexOf('|');
            return bar > 0 && bar < pair.Length - 1 ? ("storefront_market", pair[..bar], pair[(bar + 1)..]) : null;
        }

        if (key.StartsWith(StorefrontPrefix, StringComparison.Ordinal) && key.Length > StorefrontPrefix.Length)
        {
            return ("storefront", key[StorefrontPrefix.Length..], null);
        }

        return key.StartsWith(MarketPrefix, StringComparison.Ordinal) && key.Length > MarketPrefix.Length
            ? ("market", null, key[MarketPrefix.Length..])
            : null;
    }
}
