using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Journal;
using Orleans.Storage;

namespace LoyaltyGrid.Grains.Visits;

/// <summary>
/// Keeps a session's earliest visit and earliest purchase, and journals the visits and
/// convertedSessions KPIs as membership changes: an earlier event arriving late moves the
/// session's count to its bucket instead of adding a second one. Only a visit or purchase that
/// changes the session is journaled; a session's stream stays a handful of entries.
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
        if (!firstSeen && command.OccurredAt >= _session.FirstVisitAt)
        {
            return false;
        }

        var before = VisitMembership(_session);
        var after = _session with { Storefront = command.Storefront, VisitMarket = command.Market, FirstVisitAt = command.OccurredAt };
        await AppendAsync(SessionEventTypes.Visit, $"{SessionEventTypes.Visit}:{_sequence + 1}", command.OccurredAt, after, KpiMembership.Diff(before, VisitMembership(after)));
        return firstSeen;
    }

    public async Task RecordConversion(ConversionCommand command)
    {
        var eventId = $"{SessionEventTypes.Conversion}:{command.Source}";
        if (_conversionSources.Contains(eventId) || (_session.FirstPurchaseAt is not null && command.PurchasedAt >= _session.FirstPurchaseAt))
        {
            return;
        }

        var before = ConversionMembership(_session);
        var after = _session with { Storefront = command.Storefront, PurchaseMarket = command.Market, FirstPurchaseAt = command.PurchasedAt };
        await AppendAsync(SessionEventTypes.Conversion, eventId, command.PurchasedAt, after, KpiMembership.Diff(before, ConversionMembership(after)));
        _conversionSources.Add(eventId);
    }

    private async Task AppendAsync(string type, string eventId, DateTimeOffset occurredAt, SessionState after, IReadOnlyList<KpiDelta> kpis)
    {
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new SessionEvent { After = after, Kpis = kpis }, JournaledEvent.Json);
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
}

/// <summary>The journal payload of a session event: the session after it, and the KPI changes it made.</summary>
public sealed record SessionEvent : JournaledEvent
{
    public SessionState After { get; init; } = new();
}
