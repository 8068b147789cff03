using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Grains.Visits;

/// <summary>
/// Keeps a session's earliest visit and earliest purchase, and emits the visits and
/// convertedSessions KPIs as membership changes: an earlier event arriving late moves the
/// session's count to its bucket instead of adding a second one.
/// </summary>
public sealed class SessionGrain(
    [PersistentState(OutboxStateNames.Session, StorageNames.Loyalty)] IPersistentState<SessionState> state,
    TimeProvider clock,
    IOptions<KpiPipelineOptions> pipeline,
    LoyaltyGridMetrics metrics,
    ILogger<SessionGrain> logger)
    : Grain, ISessionGrain
{
    private KpiOutboxSender? _sender;
    private OutboxSettler? _settler;

    private string Source => "session:" + this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _settler = new OutboxSettler(this, pipeline.Value.SettleDelay, WriteAsync, logger);
        _sender = new KpiOutboxSender(GrainFactory, () => state.State.Kpis, _settler.Delivered, logger);
        _sender.Send();
        return Task.CompletedTask;
    }

    public Task DeliverPending()
    {
        _sender!.Send();
        if (!state.State.OwesMessages)
        {
            // What is stored may still say otherwise; storing it again is what stops the sweeper.
            _settler!.Delivered();
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _sender?.Stop();
        return Task.CompletedTask;
    }

    public async Task<bool> RecordVisit(VisitCommand command)
    {
        var session = state.State;
        var firstSeen = session.FirstVisitAt is null;
        if (!firstSeen && command.OccurredAt >= session.FirstVisitAt)
        {
            return false;
        }

        var before = VisitMembership(session);
        session.Storefront = command.Storefront;
        session.VisitMarket = command.Market;
        session.FirstVisitAt = command.OccurredAt;
        await SaveAsync(KpiMembership.Diff(before, VisitMembership(session)));
        return firstSeen;
    }

    public async Task RecordConversion(ConversionCommand command)
    {
        var session = state.State;
        if (session.FirstPurchaseAt is not null && command.PurchasedAt >= session.FirstPurchaseAt)
        {
            return;
        }

        var before = ConversionMembership(session);
        session.Storefront = command.Storefront;
        session.PurchaseMarket = command.Market;
        session.FirstPurchaseAt = command.PurchasedAt;
        await SaveAsync(KpiMembership.Diff(before, ConversionMembership(session)));
    }

    private async Task SaveAsync(IReadOnlyList<KpiDelta> deltas)
    {
        state.State.Kpis.Add(Source, clock.GetUtcNow(), deltas);
        await WriteAsync();
        _sender!.Send();
    }

    private async Task WriteAsync()
    {
        var started = clock.GetTimestamp();
        try
        {
            await state.WriteStateAsync();
            _settler!.Saved();
            metrics.StorageWrite(StorageWrites.Session, clock.GetElapsedTime(started), StorageWrites.Stored);
        }
        catch
        {
            metrics.StorageWrite(StorageWrites.Session, clock.GetElapsedTime(started), StorageWrites.Failed);
            await state.ReadStateAsync();
            throw;
        }
    }

    private static IReadOnlySet<KpiKey> VisitMembership(SessionState session) =>
        session.FirstVisitAt is { } at ? SessionKpiMembership.Visit(session.Storefront, session.VisitMarket, at) : KpiMembership.None;

    private static IReadOnlySet<KpiKey> ConversionMembership(SessionState session) =>
        session.FirstPurchaseAt is { } at ? SessionKpiMembership.Conversion(session.Storefront, session.PurchaseMarket, at) : KpiMembership.None;
}

public sealed class SessionState
{
    public string Storefront { get; set; } = "";

    public string VisitMarket { get; set; } = "";

    public DateTimeOffset? FirstVisitAt { get; set; }

    public string PurchaseMarket { get; set; } = "";

    public DateTimeOffset? FirstPurchaseAt { get; set; }

    public KpiOutbox Kpis { get; set; } = new();

    /// <summary>Stored and indexed like the customer's, for the sweeper.</summary>
    public bool OwesMessages => Kpis.Pending.Count > 0;
}
