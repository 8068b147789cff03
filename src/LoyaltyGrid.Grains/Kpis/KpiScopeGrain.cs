using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;
using Orleans.Concurrency;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Serves one scope's totals from memory. The KPI projection tells it when it stored a newer
/// version; in case that word is lost (the projection's silo died after its commit), a read
/// older than <see cref="RecheckAfter"/> also asks storage for the version first.
/// </summary>
[Reentrant]
public sealed class KpiScopeGrain(IKpiScopeStore store, TimeProvider clock) : Grain, IKpiScopeGrain
{
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromMilliseconds(500);
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    private KpiAggregate _aggregate = null!;
    private long _version;
    private long _checkedAt;
    private Task? _loading;

    private string Scope => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _aggregate = KpiAggregate.For(KpiScope.Parse(Scope));
        await LoadAsync(cancellationToken);
    }

    public Task Refresh(long version) => version > _version ? ReloadOnceAsync() : Task.CompletedTask;

    public async Task<KpiSnapshot> Snapshot()
    {
        await RecheckAsync();
        return _aggregate.Snapshot(clock.GetUtcNow());
    }

    public async Task<KpiLiveSnapshot> Live()
    {
        await RecheckAsync();
        return _aggregate.LiveAsOf(clock.GetUtcNow());
    }

    public async Task<long> Version()
    {
        await RecheckAsync();
        return _version;
    }

    private async Task RecheckAsync()
    {
        if (clock.GetElapsedTime(_checkedAt) < RecheckAfter)
        {
            return;
        }

        _checkedAt = clock.GetTimestamp();
        if (await store.VersionAsync(Scope) > _version)
        {
            await ReloadOnceAsync();
        }
    }

    // Reentrant: concurrent refreshes and reads share one load instead of each starting its own.
    private Task ReloadOnceAsync() =>
        _loading is { IsCompleted: false } running ? running : _loading = LoadAsync(CancellationToken.None);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _checkedAt = clock.GetTimestamp();
        if (await store.LoadAsync(Scope, cancellationToken) is { } stored && stored.Version > _version)
        {
            _aggregate = JsonSerializer.Deserialize<KpiAggregate>(stored.PayloadJson, StateJson) ?? KpiAggregate.For(KpiScope.Parse(Scope));
            _version = stored.Version;
        }
    }
}
