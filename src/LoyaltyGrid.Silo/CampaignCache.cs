using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Grains.Campaigns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.Silo;

/// <summary>
/// Every campaign of the grid in this silo's memory. Loaded before the silo takes grain calls,
/// then reloaded whenever a silo announces a change (PostgreSQL LISTEN on
/// <see cref="PostgresCampaignStore.Channel"/>) and every <see cref="CampaignCacheOptions.ReloadInterval"/>
/// in case a notice was missed. A purchase only reads <see cref="Current"/>: one volatile reference
/// to an immutable catalog revision, no I/O and no lock. Every version ever saved is kept too, for
/// replay: campaigns are few and change rarely, so all of them fit in memory many times over.
/// </summary>
public sealed partial class CampaignCache(
    ICampaignStore store,
    NpgsqlDataSource dataSource,
    IOptions<CampaignCacheOptions> options,
    ILogger<CampaignCache> logger)
    : ICampaignCatalog, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private Snapshot _snapshot = Snapshot.Empty;
    private readonly CancellationTokenSource _stopping = new();
    private Task _listening = Task.CompletedTask;

    public CatalogRevision Current => Volatile.Read(ref _snapshot).Current;

    public bool TryAsOf(long revision, [NotNullWhen(true)] out CatalogRevision? catalog)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        catalog = revision == snapshot.Current.Number ? snapshot.Current
            : revision >= 0 && revision < snapshot.Current.Number ? snapshot.AsOf(revision)
            : null;
        return catalog is not null;
    }

    public bool TryFind(CampaignVersion version, [NotNullWhen(true)] out Campaign? terms) =>
        Volatile.Read(ref _snapshot).Versions.TryGetValue(version, out terms);

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        // One read: every revision up to the highest read is in it (saves commit in revision order).
        var revisions = await store.ReadAllRevisionsAsync(cancellationToken);
        Volatile.Write(ref _snapshot, new Snapshot(revisions));
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CampaignCache), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // A silo that purchases before it knows the campaigns would earn too little: the first
        // load must succeed before the silo becomes active.
        await RefreshAsync(cancellationToken);
        _listening = Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _listening.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                try
                {
                    await using (var listen = new NpgsqlCommand($"LISTEN {PostgresCampaignStore.Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(stopping);
                    }

                    // Listening first, then reading: a change committed in between is read now or heard next.
                    await RefreshAsync(stopping);
                    while (!stopping.IsCancellationRequested)
                    {
                        // A notice or the interval: either way the table is read again.
                        await connection.WaitAsync(options.Value.ReloadInterval, stopping);
                        await RefreshAsync(stopping);
                    }
                }
                finally
                {
                    // Pooled connections are not reset on return (LoyaltyGridDatabase), so the
                    // subscription must not outlive this loop on a connection someone else gets.
                    if (connection.State == System.Data.ConnectionState.Open)
                    {
                        try
                        {
                            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                        }
                        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                        {
                            // A broken connection is discarded by the pool, subscription and all.
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Until it is back, purchases go on with the campaigns last read.
                LogListenFailed(ex, RetryAfterFailure);
                try
                {
                    await Task.Delay(RetryAfterFailure, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Everything one read found, replaced as a whole. Earlier revisions are built when replay
    /// first asks for them and kept: a revision's campaigns never change, and replays ask for
    /// the few revisions under which their purchases were made, again and again.
    /// </summary>
    private sealed class Snapshot
    {
        public static Snapshot Empty { get; } = new([]);

        private readonly IReadOnlyList<CampaignRevision> _revisions;
        private readonly ConcurrentDictionary<long, CatalogRevision> _earlier = new();

        public Snapshot(IReadOnlyList<CampaignRevision> revisions)
        {
            _revisions = revisions;
            Current = revisions.Count == 0 ? CatalogRevision.Empty : Build(revisions[^1].Revision);
            Versions = revisions.ToFrozenDictionary(saved => new CampaignVersion(saved.Terms.CampaignId, saved.Terms.Version), saved => saved.Terms);
        }

        public CatalogRevision Current { get; }

        public FrozenDictionary<CampaignVersion, Campaign> Versions { get; }

        public CatalogRevision AsOf(long revision) => _earlier.GetOrAdd(revision, Build);

        private CatalogRevision Build(long revision)
        {
            var latest = new Dictionary<string, Campaign>(StringComparer.Ordinal);
            foreach (var saved in _revisions)
            {
                if (saved.Revision > revision)
                {
                    break;
                }

                latest[saved.Terms.CampaignId] = saved.Terms;
            }

            return new CatalogRevision(revision, [.. latest.Values.OrderBy(campaign => campaign.CampaignId, StringComparer.Ordinal)]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for campaign changes failed; purchases use the campaigns last read; retrying in {Delay}")]
    private partial void LogListenFailed(Exception exception, TimeSpan delay);
}
