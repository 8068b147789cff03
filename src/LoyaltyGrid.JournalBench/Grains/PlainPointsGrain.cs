using LoyaltyGrid.Journal;
using Orleans.Storage;

namespace LoyaltyGrid.JournalBench.Grains;

/// <summary>
/// The shape of CustomerGrain without the domain: decide, append one row through the journal's
/// group commit, and only then change memory and answer. A conflict or a failed append reloads
/// from the journal and fails the call, so the caller learns at once.
/// </summary>
public sealed class PlainPointsGrain(IEventJournal journal, TimeProvider clock) : Grain, IPlainPointsGrain
{
    private PointsState _state = new();
    private long _sequence;

    private string Stream => StreamKey.Plain(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<long> Balance() => Task.FromResult(_state.Balance);

    public async Task<EarnReceipt> Earn(EarnCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_state.Recent.Contains(command.EventId))
        {
            return new EarnReceipt(_state.Balance, Duplicate: true);
        }

        var earned = new PointsEarned(command.EventId, command.Points, clock.GetUtcNow(), command.Note);
        var entry = new JournalAppend(Stream, _sequence + 1, earned.EventId, PointsEarned.Type, earned.AcceptedAt, earned.AcceptedAt, earned.ToJson());
        AppendOutcome outcome;
        try
        {
            outcome = await journal.AppendAsync(Stream, [entry], dueAt: null);
        }
        catch
        {
            await LoadAsync(CancellationToken.None);
            throw;
        }

        if (outcome == AppendOutcome.StreamConflict)
        {
            await LoadAsync(CancellationToken.None);

            // As CustomerGrain answers a retry older than the ids it keeps: the unique index refused
            // it, and the stored row is the answer.
            if (await journal.FindAsync(Stream, command.EventId) is not null)
            {
                return new EarnReceipt(_state.Balance, Duplicate: true);
            }

            throw new InconsistentStateException($"Stream {Stream} changed before event {entry.Sequence} could be appended.");
        }

        _sequence = entry.Sequence;
        _state.Apply(earned);
        return new EarnReceipt(_state.Balance, Duplicate: false);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var state = new PointsState();
        long sequence = 0;
        foreach (var entry in await journal.ReadStreamAsync(Stream, 0, cancellationToken))
        {
            state.Apply(PointsEarned.Parse(entry.Payload));
            sequence = entry.Sequence;
        }

        (_state, _sequence) = (state, sequence);
    }
}
