using System.Text.Json;
using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Journal;

namespace LoyaltyGrid.Grains.Alerts;

/// <summary>
/// Evaluates one rule against its scope's live windows and journals what changes. The journal's
/// stream sequence is the guard against doubles: if a silo kill leaves two activations for a
/// moment, both may decide to fire, but only one can append the next sequence; the other is
/// refused, reloads the stream and finds the alert already firing.
/// </summary>
public sealed class AlertRuleGrain(IEventJournal journal, AlertRuleBook book, TimeProvider clock) : Grain, IAlertRuleGrain
{
    /// <summary>Resolved alerts kept for reads; older ones stay in the journal.</summary>
    private const int KeptAlerts = 100;

    private readonly List<Alert> _alerts = [];
    private AlertState _state = AlertState.Initial;
    private long _sequence;
    private long? _evaluatedAt;

    private string Stream => StreamKeys.Alert(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<Alert?> Evaluate()
    {
        // Every silo asks every interval; the first ask of an interval evaluates, the others get its answer.
        if (!book.ByName.TryGetValue(this.GetPrimaryKeyString(), out var rule)
            || (_evaluatedAt is { } at && clock.GetElapsedTime(at) < book.EvaluateInterval / 2))
        {
            return _state.Firing;
        }

        _evaluatedAt = clock.GetTimestamp();
        var live = await GrainFactory.GetGrain<IKpiScopeGrain>(rule.Scope.Key).Live();
        var now = clock.GetUtcNow();
        var step = AlertStateMachine.Next(rule, _state, AlertObservation.Of(rule, live), now);
        if (step.Changed is { } changed && !await JournalAsync(changed, now))
        {
            return _state.Firing;
        }

        _state = step.State;
        return _state.Firing;
    }

    public Task<IReadOnlyList<Alert>> Alerts() => Task.FromResult<IReadOnlyList<Alert>>([.. _alerts]);

    // False when another activation appended first: the state is then reloaded from the journal.
    private async Task<bool> JournalAsync(Alert alert, DateTimeOffset now)
    {
        var payload = new AlertEvent { Alert = alert, Notices = [AlertNotice.Of(alert)] };
        var append = new JournalAppend(
            Stream, _sequence + 1, AlertEvent.IdOf(alert), AlertEvent.TypeOf(alert), now, now, JsonSerializer.Serialize(payload, JournaledEvent.Json));
        if (await journal.AppendAsync(Stream, [append]) == AppendOutcome.StreamConflict)
        {
            await LoadAsync(CancellationToken.None);
            return false;
        }

        _sequence++;
        Remember(alert);
        return true;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var entries = await journal.ReadStreamAsync(Stream, _sequence, cancellationToken);
        foreach (var entry in entries)
        {
            var alert = JsonSerializer.Deserialize<AlertEvent>(entry.Payload, JournaledEvent.Json)!.Alert;
            _state = _state.Apply(alert);
            _sequence = entry.Sequence;
            Remember(alert);
        }
    }

    private void Remember(Alert alert)
    {
        _alerts.RemoveAll(known => known.AlertId == alert.AlertId);
        _alerts.Insert(0, alert);
        if (_alerts.Count > KeptAlerts)
        {
            _alerts.RemoveAt(_alerts.Count - 1);
        }
    }
}
