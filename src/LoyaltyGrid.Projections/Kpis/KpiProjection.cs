using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Journal.Projections;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoyaltyGrid.Projections.Kpis;

/// <summary>
/// Folds the KPI changes that stream owners journaled with their events into one aggregate per
/// scope (grid, storefront, market, storefront × market). A page's changed aggregates and the
/// checkpoint are stored in one transaction, so every event counts once, also across a crash of
/// the silo running the projection. After the commit the scope grains that serve reads are told.
/// </summary>
/// <remarks>
/// Aggregates are kept in memory between pages, which is safe only while this instance has
/// applied every page since they were loaded: a page that does not start where the last one
/// ended (a failed commit, another owner in between, a restart) drops the cache and the page
/// reloads what it touches from storage.
/// </remarks>
public sealed partial class KpiProjection(IGrainFactory grains, LoyaltyGridMetrics metrics, TimeProvider clock, ILogger<KpiProjection> logger) : IProjection
{
    public const string ProjectionName = "kpis";

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<long, GenerationCache> _generations = [];
    private readonly Dictionary<(long Generation, JournalPosition To), PageResult> _results = [];

    public string Name => ProjectionName;

    public async Task ApplyAsync(ProjectionPage page, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (!_generations.TryGetValue(page.Generation, out var cache) || cache.Through != page.From)
        {
            _generations[page.Generation] = cache = new GenerationCache();
        }

        // The cache now speaks for a page that may never commit: until the next page proves it did, it is suspect.
        cache.Through = null;
        var changes = new List<(string Scope, DateTimeOffset AcceptedAt, List<KpiDelta> Deltas)>();
        var projected = new List<ProjectedKpis>(page.Entries.Count);
        var baselines = new Dictionary<string, KpiAggregate>();
        foreach (var entry in page.Entries)
        {
            if (entry.Type == KpiBaseline.Type)
            {
                var baseline = KpiBaseline.Parse(entry.Payload);
                baselines[baseline.Aggregate.Scope] = baseline.Aggregate;
                continue;
            }

            var deltas = JournaledEvent.KpisOf(entry.Payload);
            if (deltas.Count == 0)
            {
                continue;
            }

            projected.Add(new ProjectedKpis(entry.AcceptedAt, deltas));
            foreach (var byScope in deltas.GroupBy(delta => delta.Scope.Key))
            {
                changes.Add((byScope.Key, entry.AcceptedAt, [.. byScope]));
            }
        }

        var touched = changes.Select(change => change.Scope).Concat(baselines.Keys).ToHashSet(StringComparer.Ordinal);
        await LoadMissingAsync(cache, page.Generation, touched, connection, transaction, cancellationToken);
        foreach (var (scope, aggregate) in baselines)
        {
            // A release before the journal left these totals; they come first in the journal, so nothing is lost under them.
            cache.Aggregates[scope] = aggregate;
        }

        foreach (var (scope, acceptedAt, deltas) in changes)
        {
            if (!cache.Aggregates.TryGetValue(scope, out var aggregate))
            {
                cache.Aggregates[scope] = aggregate = KpiAggregate.For(KpiScope.Parse(scope));
            }

            aggregate.Apply(deltas, acceptedAt);
        }

        var versions = await KpiScopeSql.StoreAsync(
            page.Generation,
            [.. touched.Select(scope => (scope, JsonSerializer.Serialize(cache.Aggregates[scope], StateJson)))],
            connection, transaction, cancellationToken);
        cache.Through = page.To;
        _results[(page.Generation, page.To)] = new PageResult(versions, projected, page.Entries.Count == 0 ? clock.GetUtcNow() : page.Entries.Min(entry => entry.AcceptedAt));
    }

    public async Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await KpiScopeSql.DropGenerationAsync(generation, connection, transaction, cancellationToken);
        _generations.Remove(generation);
    }

    public async Task CommittedAsync(ProjectionPage page, CancellationToken cancellationToken)
    {
        if (!_results.Remove((page.Generation, page.To), out var result))
        {
            return;
        }

        foreach (var stale in _results.Keys.Where(key => key.Generation == page.Generation && key.To < page.To).ToList())
        {
            _results.Remove(stale);
        }

        var now = clock.GetUtcNow();
        metrics.KpiProjected(result.Projected, now - result.OldestAcceptedAt, backlog: 0, now);
        await Task.WhenAll(result.Versions.Select(async stored =>
        {
            try
            {
                await grains.GetGrain<IKpiScopeGrain>(stored.Key).Refresh(stored.Value);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The scope grain re-checks storage on its own within a second; this only makes it sooner.
                LogRefreshFailed(ex);
            }
        }));
    }

    private static async Task LoadMissingAsync(GenerationCache cache, long generation, IReadOnlySet<string> scopes, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var missing = scopes.Where(scope => !cache.Aggregates.ContainsKey(scope)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        foreach (var (scope, payload) in await KpiScopeSql.LoadAsync(generation, missing, connection, transaction, cancellationToken))
        {
            cache.Aggregates[scope] = JsonSerializer.Deserialize<KpiAggregate>(payload, StateJson) ?? KpiAggregate.For(KpiScope.Parse(scope));
        }
    }

    private sealed class GenerationCache
    {
        public Dictionary<string, KpiAggregate> Aggregates { get; } = new(StringComparer.Ordinal);

        /// <summary>The page end the cache is exact for; null when the last page may not have committed.</summary>
        public JournalPosition? Through { get; set; } = JournalPosition.Start;
    }

    private sealed record PageResult(IReadOnlyDictionary<string, long> Versions, IReadOnlyList<ProjectedKpis> Projected, DateTimeOffset OldestAcceptedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telling a KPI scope grain about a stored page failed; it finds out by itself")]
    private partial void LogRefreshFailed(Exception exception);
}
