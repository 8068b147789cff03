using System.Text.Json;
using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Journal;
using Orleans.Storage;

namespace LoyaltyGrid.Grains.Visits;

/// <summary>
/// Keeps a session's earliest visit and earliest purchase, and journals the visits and
/// convertedSessions KPIs as membership changes: an earlier event arriving late moves the
/// session's count to its bucket instead of adding a second one. It also owns the session's
/// attribution (channel, campaign, experiment variants, and its purchases), journaled the same
/// way as differences (<see cref="SessionAttribution.Diff"/>). Only a visit that changes the
/// session and each new purchase are journaled; a session's stream stays a handful of entries.
/// </summary>
public sealed class SessionGrain(IEventJournal journal, TimeProvider clock, LoyaltyGridMetrics metrics) : Grain, ISessionGrain
{
    private SessionState _session = new();
    private long _sequence;
    private readonly HashSet<string> _conversionSources = [];

    private string Stream => StreamKeys.Session(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _session = new SessionState();
        _conversionSources.Clear();
        _sequence = 0;
        foreach (var entry in await journal.ReadStreamAsync(Stream, 0, cancellationToken))
        {
            var stored = JsonSerializer.Deserialize<SessionEvent>(entry.Payload, JournaledEvent.Json)!;
            _session = stored.After;
            if (entry.Type == SessionEventTypes.Conversion)
            {
                _conversionSources.Add(entry.EventId);
            }

            _sequence = entry.Sequence;
        }
    }

    public async Task<bool> RecordVisit(VisitCommand command)
    {
        var firstSeen = _session.FirstVisitAt is null;
        var earliest = firstSeen || command.OccurredAt < _session.FirstVisitAt;
        var attribution = AttributionOf(_session, command.Storefront)
            .WithVisit(command.OccurredAt, command.Market, command.Channel, command.Campaign, command.Experiment, command.Variant);
        if (!earliest && attribution.SameAs(AttributionOf(_session, command.Storefront)))
        {
            return false;
        }

        var before = VisitMembership(_session);
        var after = (earliest ? _session with { Storefront = command.Storefront, VisitMarket = command.Market, FirstVisitAt = command.OccurredAt } : _session)
            with { Attribution = attribution };
        await AppendAsync(SessionEventTypes.Visit, $"{SessionEventTypes.Visit}:{_sequence + 1}", command.OccurredAt, after, KpiMembership.Diff(before, VisitMembership(after)));
        return firstSeen;
    }

    public async Task RecordConversion(ConversionCommand command)
    {
        var eventId = $"{SessionEventTypes.Conversion}:{command.Source}";
        if (_conversionSources.Contains(eventId))
        {
            return;
        }

        // Every purchase is journaled, not only the earliest: attribution moves each order's revenue if the session's channel changes later.
        var earliest = _session.FirstPurchaseAt is null || command.PurchasedAt < _session.FirstPurchaseAt;
        var before = ConversionMembership(_session);
        var attribution = AttributionOf(_session, command.Storefront)
            .WithOrder(new AttributedOrder(command.Source, command.PurchasedAt, command.Market, command.Amount ?? 0));
        var after = (earliest ? _session with { Storefront = command.Storefront, PurchaseMarket = command.Market, FirstPurchaseAt = command.PurchasedAt } : _session)
            with { Attribution = attribution };
        await AppendAsync(SessionEventTypes.Conversion, eventId, command.PurchasedAt, after, KpiMembership.Diff(before, ConversionMembership(after)));
        _conversionSources.Add(eventId);
    }

    private async Task AppendAsync(string type, string eventId, DateTimeOffset occurredAt, SessionState after, IReadOnlyList<KpiDelta> kpis)
    {
        var now = clock.GetUtcNow();
        var attribution = SessionAttribution.Diff(_session.Attribution, after.Attribution!);
        var payload = JsonSerializer.Serialize(new SessionEvent { After = after, Kpis = kpis, Attribution = attribution }, JournaledEvent.Json);
        var started = clock.GetTimestamp();
        AppendOutcome outcome;
        try
        {
            outcome = await journal.AppendAsync(Stream, [new JournalAppend(Stream, _sequence + 1, eventId, type, occurredAt, now, payload)], dueAt: null);
        }
        catch
        {
            metrics.StorageWrite(StorageWrites.Session, clock.GetElapsedTime(started), StorageWrites.Failed);
            DeactivateOnIdle();
            throw;
        }

        if (outcome == AppendOutcome.StreamConflict)
        {
            metrics.StorageWrite(StorageWrites.Session, clock.GetElapsedTime(started), StorageWrites.Conflict);
            // Another activation wrote first: start again from the journal on the next call.
            DeactivateOnIdle();
            throw new InconsistentStateException("Session stream changed in the journal; the event will be retried.");
        }

        metrics.StorageWrite(StorageWrites.Session, clock.GetElapsedTime(started), StorageWrites.Stored);
        _sequence++;
        _session = after;
    }

    /// <summary>
    /// A session journaled before attribution existed has none: it starts empty, so only what
    /// this release journals for it counts (its earlier visit and purchases were never attributed).
    /// </summary>
    private static SessionAttribution AttributionOf(SessionState session, string storefront) =>
        session.Attribution ?? SessionAttribution.Empty(storefront);

    private static IReadOnlySet<KpiKey> VisitMembership(SessionState session) =>
        session.FirstVisitAt is { } at ? SessionKpiMembership.Visit(session.Storefront, session.VisitMarket, at) : KpiMembership.None;

    private static IReadOnlySet<KpiKey> ConversionMembership(SessionState session) =>
        session.FirstPurchaseAt is { } at ? SessionKpiMembership.Conversion(session.Storefront, session.PurchaseMarket, at) : KpiMembership.None;
}

/// <summary>A session as its latest event left it.</summary>
public sealed record SessionState
{
    public string Storefront { get; init; } = "";

    public string VisitMarket { get; init; } = "";

    public DateTimeOffset? FirstVisitAt { get; init; }

    public string PurchaseMarket { get; init; } = "";

    public DateTimeOffset? FirstPurchaseAt { get; init; }

    /// <summary>Null in entries journaled before attribution.</summary>
    public SessionAttribution? Attribution { get; init; }
}

/// <summary>The journal payload of a session event: the session after it, and the KPI changes it made.</summary>
public sealed record SessionEvent : JournaledEvent
{
    public SessionState After { get; init; } = new();

    /// <summary>What the event changed in the attribution totals; the attribution projection folds exactly this.</summary>
    public IReadOnlyList<AttributionDelta> Attribution { get; init; } = [];

    public static IReadOnlyList<AttributionDelta> AttributionOf(string payload) =>
        JsonSerializer.Deserialize<AttributionOnly>(payload, Json)?.Attribution ?? [];

    /// <summary>Reads the attribution changes and skips the rest of the payload unmaterialized.</summary>
    private sealed record AttributionOnly(IReadOnlyList<AttributionDelta>? Attribution);
}
