using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Projections.Insight;
using LoyaltyGrid.Server.Kpis;

namespace LoyaltyGrid.Server.Insight;

/// <summary>
/// The channel and experiment reports of api.md "Insight", from the attribution projection's totals:
/// one place that makes them, for the endpoints and for the wall's <c>insight</c> push alike, so the
/// wall shows exactly what <c>GET /api/v1/kpis/channels</c> and <c>GET /api/v1/experiments/{id}</c> answer.
/// </summary>
public sealed class InsightReports(AttributionStore store, TimeProvider clock)
{
    /// <summary>The wall lists at most this many experiments, those with the most visits in its scope.</summary>
    public const int WallExperiments = 4;

    /// <summary>Every channel of a scope and bucket that counts anything, ordered by name.</summary>
    public async Task<IReadOnlyList<ChannelFigures>> ChannelsAsync(string scope, string bucket, CancellationToken cancellationToken) =>
        [.. (await store.GroupsAsync(scope, AttributionDimensions.Channel, bucket, cancellationToken)).Select(row =>
        {
            var (figures, rates) = (row.Figures, AttributionRates.Of(row.Figures));
            return new ChannelFigures(row.Key, figures.Visits, figures.ConvertedSessions, Ratio(rates.ConversionRate),
                figures.Orders, Money(figures.GrossRevenue), Money(rates.Aov), Money(rates.RevenuePerVisit));
        })];

    /// <summary>The same per campaign; sessions without one are the row whose campaign is null.</summary>
    public async Task<IReadOnlyList<CampaignFigures>> CampaignsAsync(string scope, string bucket, CancellationToken cancellationToken) =>
        [.. (await store.GroupsAsync(scope, AttributionDimensions.Campaign, bucket, cancellationToken)).Select(row =>
        {
            var (figures, rates) = (row.Figures, AttributionRates.Of(row.Figures));
            return new CampaignFigures(row.Key.Length == 0 ? null : row.Key, figures.Visits, figures.ConvertedSessions, Ratio(rates.ConversionRate),
                figures.Orders, Money(figures.GrossRevenue), Money(rates.Aov), Money(rates.RevenuePerVisit));
        })];

    /// <summary>An experiment's report in a scope; null when no session anywhere was ever assigned to it (a 404).</summary>
    public async Task<ExperimentResponse?> ExperimentAsync(string scope, string experimentId, CancellationToken cancellationToken)
    {
        if (!await store.ExperimentExistsAsync(experimentId, cancellationToken))
        {
            return null;
        }

        return Report(experimentId, await store.ExperimentAsync(scope, experimentId, cancellationToken));
    }

    /// <summary>
    /// What the wall shows for its scope: every channel (all-time) and the experiments with sessions
    /// in the scope (all-time, the experiments' only bucket), at most <see cref="WallExperiments"/>,
    /// most visits first. The totals keep no time per experiment, so "running" means known in the
    /// scope; an experiment stays until others with more visits push it off the wall.
    /// </summary>
    public async Task<WallInsight> WallAsync(string scope, CancellationToken cancellationToken)
    {
        var channels = await ChannelsAsync(scope, KpiBucket.AllTime.Key, cancellationToken);
        var experiments = (await store.GroupsAsync(scope, AttributionDimensions.Experiment, KpiBucket.AllTime.Key, cancellationToken))
            .GroupBy(row => row.Key, StringComparer.Ordinal)
            .Select(rows => (Visits: rows.Sum(row => row.Figures.Visits), Report: Report(rows.Key, [.. rows])))
            .Where(experiment => experiment.Visits > 0)
            .OrderByDescending(experiment => experiment.Visits)
            .ThenBy(experiment => experiment.Report.ExperimentId, StringComparer.Ordinal)
            .Take(WallExperiments)
            .Select(experiment => experiment.Report)
            .ToList();
        return new WallInsight(scope, clock.GetUtcNow(), channels, experiments);
    }

    private static ExperimentResponse Report(string experimentId, IReadOnlyList<AttributionRow> rows)
    {
        if (rows.Count == 0)
        {
            return new ExperimentResponse(experimentId, null, [], null);
        }

        var result = ExperimentStatistics.Evaluate([.. rows.Select(row => new VariantCounts(row.Variant, row.Figures.Visits, row.Figures.ConvertedSessions))]);
        var comparisons = result.Variants.ToDictionary(comparison => comparison.Variant, StringComparer.Ordinal);
        return new ExperimentResponse(experimentId, result.Control, [.. rows.Select(row =>
        {
            var (figures, rates, comparison) = (row.Figures, AttributionRates.Of(row.Figures), comparisons[row.Variant]);
            return new VariantFigures(row.Variant, figures.Visits, figures.ConvertedSessions, Ratio(rates.ConversionRate), figures.Orders,
                Money(figures.GrossRevenue), Money(rates.RevenuePerVisit), comparison.Lift, comparison.LiftLow, comparison.LiftHigh, comparison.PValue, comparison.Significant);
        })], result.SampleRatioPValue);
    }

    private static decimal Money(decimal value) => KpiNumbers.Round(value, KpiNumbers.MoneyDigits);

    private static decimal Ratio(decimal value) => KpiNumbers.Round(value, KpiNumbers.FractionDigits);
}

/// <summary>The wall's <c>insight</c> message for one scope (its KPI scope key, as the snapshot's <c>scope</c>).</summary>
public sealed record WallInsight(string Scope, DateTimeOffset AsOf, IReadOnlyList<ChannelFigures> Channels, IReadOnlyList<ExperimentResponse> Experiments);
