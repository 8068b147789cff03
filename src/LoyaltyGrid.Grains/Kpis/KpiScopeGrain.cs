using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Observability;
using Microsoft.Extensions.Logging;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Owns the totals of one scope. Applies each source's contributions above its mark and stores
/// the aggregate with the raised marks in one transaction, so a batch re-sent after any failure
/// counts once.
/// </summary>
public sealed partial class KpiScopeGrain(IKpiScopeStore store, TimeProvider clock, LoyaltyGridMetrics metrics, ILogger<KpiScopeGrain> logger)
    : Grain, IKpiScopeGrain
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    private KpiAggregate _aggregate = null!;
    private long? _version;

    private string Scope => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task Apply(IReadOnlyList<KpiScopeEntry> entries)
    {
        var sources = entries.Select(entry => entry.Source).Distinct().ToList();
        var marks = await store.ReadMarksAsync(Scope, sources);
        var raised = new Dictionary<string, long>();
        var newlyApplied = new List<KpiScopeEntry>();
        foreach (var entry in entries.OrderBy(entry => entry.Seq))
        {
            var mark = raised.TryGetValue(entry.Source, out var applied) ? applied : marks.GetValueOrDefault(entry.Source);
            if (entry.Seq <= mark)
            {
                continue;
            }

            _aggregate.Apply(entry.Deltas, entry.AcceptedAt);
            raised[entry.Source] = entry.Seq;
            newlyApplied.Add(entry);
        }

        if (raised.Count == 0)
        {
            return;
        }

        long? saved;
        var started = clock.GetTimestamp();
        try
        {
            saved = await store.SaveAsync(Scope, _version, JsonSerializer.Serialize(_aggregate, StateJson), raised);
        }
        catch
        {
            metrics.StorageWrite(StorageWrites.KpiScope, clock.GetElapsedTime(started), StorageWrites.Failed);
            await LoadAsync(CancellationToken.None);
            throw;
        }

        metrics.StorageWrite(StorageWrites.KpiScope, clock.GetElapsedTime(started), saved is null ? StorageWrites.Conflict : StorageWrites.Stored);
        if (saved is null)
        {
            // Another activation of this scope wrote in between (a split cluster healing): start over from storage.
            LogVersionConflict(Scope);
            await LoadAsync(CancellationToken.None);
            throw new InvalidOperationException($"KPI scope {Scope} changed in storage while applying; the batch will be retried.");
        }

        _version = saved;
        metrics.KpiStored(Scope, newlyApplied, clock.GetUtcNow());
    }

    public Task<KpiSnapshot> Snapshot() => Task.FromResult(_aggregate.Snapshot(clock.GetUtcNow()));

    public Task<long> Version() => Task.FromResult(_version ?? 0);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(Scope, cancellationToken);
        _aggregate = stored is null ? KpiAggregate.For(KpiScope.Parse(Scope)) : JsonSerializer.Deserialize<KpiAggregate>(stored.PayloadJson, StateJson) ?? KpiAggregate.For(KpiScope.Parse(Scope));
        _version = stored?.Version;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI scope {Scope} was written by another activation; reloading")]
    private partial void LogVersionConflict(string scope);
}
