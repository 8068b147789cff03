using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Visits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Recovers the messages of grains that died before delivering them. A living grain delivers its
/// outbox within moments and then stores it empty (<see cref="OutboxSettler"/>); a row that has owed
/// messages for a whole <see cref="KpiPipelineOptions.RedeliveryDelay"/> belongs to an activation
/// that is gone, and waking the grain makes its new activation send them. Receivers skip what they
/// already applied, so waking a grain that did deliver is harmless.
/// </summary>
/// <remarks>
/// One reminder for the whole cluster, instead of one per busy grain, keeps reminder writes out of
/// the path of every event; Orleans moves the reminder to a living silo when this one dies.
/// </remarks>
public sealed partial class OutboxSweeperGrain(
    IOwingGrainFinder finder,
    IOptions<KpiPipelineOptions> pipeline,
    ILogger<OutboxSweeperGrain> logger)
    : Grain, IOutboxSweeperGrain, IRemindable
{
    private const string SweepReminder = "sweep";

    // Enough to drain any realistic backlog within a few sweeps without flooding the silo.
    private const int MaxWokenPerSweep = 20_000;
    private const int WokenAtOnce = 64;

    private bool _started;

    public async Task Start()
    {
        if (_started)
        {
            return;
        }

        // Once per activation: cheap, and it brings a changed RedeliveryDelay into effect.
        var period = pipeline.Value.RedeliveryDelay;
        await this.RegisterOrUpdateReminder(SweepReminder, period, period);
        _started = true;
    }

    public async Task<int> Sweep()
    {
        var owing = await finder.FindAsync(pipeline.Value.RedeliveryDelay, MaxWokenPerSweep);
        foreach (var chunk in owing.Chunk(WokenAtOnce))
        {
            await Task.WhenAll(chunk.Select(WakeAsync));
        }

        if (owing.Count > 0)
        {
            LogWoken(owing.Count);
        }

        return owing.Count;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SweepReminder)
        {
            await Sweep();
        }
    }

    private async Task WakeAsync(OwingGrain grain)
    {
        IOutboxOwner? owner = grain.StateName switch
        {
            OutboxStateNames.Customer => GrainFactory.GetGrain<ICustomerGrain>(grain.Key),
            OutboxStateNames.Session => GrainFactory.GetGrain<ISessionGrain>(grain.Key),
            _ => null,
        };

        try
        {
            if (owner is not null)
            {
                await owner.DeliverPending();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The row still owes; the next sweep tries again.
            LogWakeFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Woke {Count} grains whose outbox was left undelivered")]
    private partial void LogWoken(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking a grain with an undelivered outbox failed; the next sweep retries")]
    private partial void LogWakeFailed(Exception exception);
}

/// <summary>The state names of the grains that keep an outbox (their <c>[PersistentState]</c> names).</summary>
public static class OutboxStateNames
{
    public const string Customer = "customer";
    public const string Session = "session";
}
