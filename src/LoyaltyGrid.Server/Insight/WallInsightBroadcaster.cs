using LoyaltyGrid.Server.Kpis;
using Microsoft.AspNetCore.SignalR;

namespace LoyaltyGrid.Server.Insight;

/// <summary>
/// Pushes each watched scope's channels and experiments (<see cref="InsightReports.WallAsync"/>) as
/// <c>insight</c> to the walls watching it, every <see cref="Interval"/> while any is connected to
/// this server. The attribution totals carry no version to compare, and a wall needs them no fresher
/// than that, so it is a plain period: two queries per watched scope per period.
/// </summary>
public sealed partial class WallInsightBroadcaster(
    KpiWatchers watchers,
    InsightReports reports,
    IHubContext<KpiHub> hub,
    TimeProvider clock,
    ILogger<WallInsightBroadcaster> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var scope in watchers.WatchedScopes())
            {
                try
                {
                    var insight = await reports.WallAsync(scope, stoppingToken);
                    await hub.Clients.Group(scope).SendAsync(KpiHub.InsightMessage, insight, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database that cannot answer now is asked again next period.
                    LogPushFailed(ex, scope);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing the channels and experiments of {Scope} failed; retrying")]
    private partial void LogPushFailed(Exception exception, string scope);
}
