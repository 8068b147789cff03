using Microsoft.AspNetCore.SignalR;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>
/// Pushes the markets' last-60-minute figures (<see cref="KpiMarkets"/>) as <c>markets</c> to
/// every wall on this server every <see cref="Interval"/> while any is connected. Unlike a scope
/// snapshot there is no single version to compare, and the window slides anyway, so it is a
/// plain period: each market costs one scope-grain read per period, whoever watches.
/// </summary>
public sealed partial class KpiMarketBroadcaster(
    KpiWatchers watchers,
    KpiMarkets markets,
    IHubContext<KpiHub> hub,
    TimeProvider clock,
    ILogger<KpiMarketBroadcaster> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (watchers.WatchedScopes().Count == 0)
            {
                continue;
            }

            try
            {
                var snapshot = await markets.ReadAsync(stoppingToken);
                await hub.Clients.All.SendAsync(KpiHub.MarketsMessage, snapshot, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A scope grain or the database that cannot answer now is asked again next period.
                LogPushFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing the markets' live figures failed; retrying")]
    private partial void LogPushFailed(Exception exception);
}
