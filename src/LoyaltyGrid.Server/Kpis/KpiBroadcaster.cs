using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Server.Alerts;
using LoyaltyGrid.Server.Prediction;
using LoyaltyGrid.Silo.Alerts;
using Microsoft.AspNetCore.SignalR;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>
/// Pushes each watched scope's snapshot to its watchers when the scope's version moves (checked
/// four times a second), and at least every few seconds anyway so the live windows keep sliding.
/// An alert starting or stopping to fire (<see cref="FiringAlerts.Version"/>) pushes at once too.
/// Every server does this for its own connections and reads the same scope grains, so a wall
/// shows what any server of the cluster accepted.
/// </summary>
public sealed partial class KpiBroadcaster(
    KpiWatchers watchers,
    IGrainFactory grains,
    IHubContext<KpiHub> hub,
    FiringAlerts firing,
    TimeProvider clock,
    ILogger<KpiBroadcaster> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (long Version, long Alerts, DateTimeOffset PushedAt)> _lastPush = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var scope in watchers.WatchedScopes())
            {
                try
                {
                    await PushIfChangedAsync(scope, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A scope grain that cannot answer now (a silo just died) is tried again next tick.
                    LogPushFailed(ex, scope);
                }
            }
        }
    }

    private async Task PushIfChangedAsync(string scope, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IKpiScopeGrain>(scope);
        var version = await grain.Version();
        var alerts = firing.Version;
        var now = clock.GetUtcNow();
        if (_lastPush.TryGetValue(scope, out var last) && last.Version == version && last.Alerts == alerts && now - last.PushedAt < RefreshInterval)
        {
            return;
        }

        var snapshot = (await (await grain.Snapshot()).WithRepurchaseForecastAsync(grains)).WithAlerts(firing);
        await hub.Clients.Group(scope).SendAsync(KpiHub.SnapshotMessage, snapshot, cancellationToken);
        _lastPush[scope] = (version, alerts, now);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing the KPI snapshot of {Scope} failed; retrying")]
    private partial void LogPushFailed(Exception exception, string scope);
}
