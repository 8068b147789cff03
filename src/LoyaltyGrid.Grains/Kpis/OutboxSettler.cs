using Microsoft.Extensions.Logging;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Stores a grain's outbox again a moment after messages in it were delivered, so that the stored
/// row stops saying messages are owed. Until then the row still lists them, which costs nothing but
/// a redundant re-send should the grain die; the delay lets a burst of events share one write.
/// </summary>
/// <remarks>
/// A row that keeps owing messages for longer than <see cref="KpiPipelineOptions.RedeliveryDelay"/>
/// is what <see cref="OutboxSweeperGrain"/> looks for, so settling is what keeps that search short.
/// </remarks>
public sealed partial class OutboxSettler(IGrainBase grain, TimeSpan delay, Func<Task> write, ILogger logger)
{
    private IGrainTimer? _timer;
    private bool _unsaved;

    /// <summary>Something was dropped from the outbox in memory only.</summary>
    public void Delivered()
    {
        _unsaved = true;
        _timer ??= grain.RegisterGrainTimer(SettleAsync, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The grain stored its state; nothing is left to settle.</summary>
    public void Saved() => _unsaved = false;

    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        if (!_unsaved)
        {
            return;
        }

        try
        {
            await write();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The stored outbox still lists the delivered messages: a later write or the sweeper settles it.
            LogSettleFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a delivered outbox failed; it will be settled later")]
    private partial void LogSettleFailed(Exception exception);
}
