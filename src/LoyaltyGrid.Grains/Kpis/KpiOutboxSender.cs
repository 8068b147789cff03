using Microsoft.Extensions.Logging;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Sends a grain's KPI outbox to the local pre-aggregator, one submission at a time, and drops
/// what was stored. Runs beside the grain's requests (it is started, not awaited, by them), so an
/// event's answer never waits for the KPI flush.
/// </summary>
/// <remarks>
/// What it drops is dropped in memory; the stored outbox shrinks with the grain's next write,
/// which the grain schedules when told through <paramref name="delivered"/>. A grain reactivated
/// with contributions already stored by the scopes sends them again, and the scopes skip them by
/// their marks.
/// </remarks>
public sealed partial class KpiOutboxSender(IGrainFactory grains, Func<KpiOutbox> outbox, Action delivered, ILogger logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(30);

    private bool _sending;
    private bool _stopped;

    /// <summary>Starts sending if anything is pending and no submission is under way.</summary>
    public void Send()
    {
        if (_sending || _stopped || outbox().Pending.Count == 0)
        {
            return;
        }

        _sending = true;
        _ = SendUntilEmptyAsync();
    }

    /// <summary>The activation is going away: stop retrying (its successor will send).</summary>
    public void Stop() => _stopped = true;

    private async Task SendUntilEmptyAsync()
    {
        var retryDelay = FirstRetryDelay;
        try
        {
            while (!_stopped && outbox().Pending.Count > 0)
            {
                var submission = outbox().Pending.ToList();
                try
                {
                    await grains.GetGrain<IKpiIngestGrain>(0).Submit(submission);
                    var lastStored = submission[^1].Seq;
                    outbox().Pending.RemoveAll(contribution => contribution.Seq <= lastStored);
                    retryDelay = FirstRetryDelay;
                    delivered();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogSubmitFailed(ex, submission.Count, retryDelay);
                    await Task.Delay(retryDelay);
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, LongestRetryDelay.Ticks));
                }
            }
        }
        finally
        {
            _sending = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submitting {Count} KPI contributions failed; retrying in {Delay}")]
    private partial void LogSubmitFailed(Exception exception, int count, TimeSpan delay);
}
