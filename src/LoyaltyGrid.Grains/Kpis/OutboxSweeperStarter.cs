using Microsoft.Extensions.Logging;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Asks the sweeper to make sure its reminder exists once this silo is active. Each silo asks, so
/// a cluster whose first silo failed to ask still gets its sweeper; asking again is free.
/// </summary>
public sealed partial class OutboxSweeperStarter(IGrainFactory grains, ILogger<OutboxSweeperStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OutboxSweeperStarter), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        // Storage may be down while the silo starts; the silo must not wait for it.
        _ = StartSweeperAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private Task OnStopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task StartSweeperAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IOutboxSweeperGrain>(0).Start();
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogStartFailed(ex, RetryDelay);
            }

            try
            {
                await Task.Delay(RetryDelay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the outbox sweeper failed; retrying in {Delay}")]
    private partial void LogStartFailed(Exception exception, TimeSpan delay);
}
