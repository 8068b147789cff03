using LoyaltyGrid.Grains.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoyaltyGrid.Silo.Alerts;

/// <summary>
/// Keeps every rule's owner evaluating: each silo asks each rule grain every
/// <c>Alerts:EvaluateInterval</c>. Orleans places a grain once in the cluster, so however many
/// silos ask, one activation evaluates (and ignores the asks that come within half an interval of
/// its last look); when its silo dies, the next ask from any survivor activates it elsewhere, from
/// its journaled state. No reminder is needed: any live silo is the rule's timer.
/// </summary>
public sealed partial class AlertEvaluator(
    AlertRuleBook book,
    FiringAlerts firing,
    IGrainFactory grains,
    TimeProvider clock,
    ILogger<AlertEvaluator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (book.Rules.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(book.EvaluateInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Task.WhenAll(book.Rules.Select(rule => EvaluateAsync(rule.Name)));
        }
    }

    private async Task EvaluateAsync(string rule)
    {
        try
        {
            firing.Update(rule, await grains.GetGrain<IAlertRuleGrain>(rule).Evaluate());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The silo is still starting, or the owner's silo just died: the next tick asks again.
            LogEvaluationFailed(ex, rule);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evaluating alert rule {Rule} failed; asking again next interval")]
    private partial void LogEvaluationFailed(Exception exception, string rule);
}
