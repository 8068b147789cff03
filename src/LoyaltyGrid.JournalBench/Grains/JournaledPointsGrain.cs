using LoyaltyGrid.Journal;
using Orleans.EventSourcing;
using Orleans.EventSourcing.CustomStorage;
using Orleans.Providers;

namespace LoyaltyGrid.JournalBench.Grains;

/// <summary>
/// The same grain as Orleans' event-sourcing abstraction has it: RaiseEvent applies the event to
/// the tentative state, ConfirmEvents waits until the provider has stored it; the CustomStorage
/// provider stores through <see cref="ApplyUpdatesToStorage"/>, which appends to the same journal
/// through the same group commit as the plain grain.
/// </summary>
/// <remarks>
/// The provider's version is the stream's sequence (an int: a stream of more than 2^31 events
/// would not fit, which no customer reaches). On a refused or failed write the provider re-reads
/// the state and writes the same pending events again, retrying with a back-off until storage
/// takes them; ConfirmEvents waits for that, it does not fail.
/// </remarks>
public abstract class JournaledPointsGrainBase(IEventJournal journal, TimeProvider clock, bool lookUpOlderIds)
    : JournaledGrain<PointsState, PointsEarned>, ICustomStorageInterface<PointsState, PointsEarned>
{
    public const string ProviderName = "CustomStorage";

    protected abstract string Stream { get; }

    public Task<long> Balance() => Task.FromResult(State.Balance);

    public async Task<EarnReceipt> Earn(EarnCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (State.Recent.Contains(command.EventId))
        {
            return new EarnReceipt(State.Balance, Duplicate: true);
        }

        // The provider has no answer for an id older than those in memory: its refused append is
        // only "version mismatch", which it retries for ever. So the grain must ask the journal
        // first, for every new event: a read per event the plain grain does not make.
        if (lookUpOlderIds && await journal.FindAsync(Stream, command.EventId) is not null)
        {
            return new EarnReceipt(State.Balance, Duplicate: true);
        }

        RaiseEvent(new PointsEarned(command.EventId, command.Points, clock.GetUtcNow(), command.Note));
        await ConfirmEvents();
        return new EarnReceipt(State.Balance, Duplicate: false);
    }

    public async Task<KeyValuePair<int, PointsState>> ReadStateFromStorage()
    {
        var state = new PointsState();
        var version = 0;
        foreach (var entry in await journal.ReadStreamAsync(Stream, 0))
        {
            state.Apply(PointsEarned.Parse(entry.Payload));
            version = checked((int)entry.Sequence);
        }

        return new KeyValuePair<int, PointsState>(version, state);
    }

    public async Task<bool> ApplyUpdatesToStorage(IReadOnlyList<PointsEarned> updates, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var entries = new JournalAppend[updates.Count];
        for (var index = 0; index < updates.Count; index++)
        {
            var earned = updates[index];
            entries[index] = new JournalAppend(Stream, expectedVersion + index + 1L, earned.EventId, PointsEarned.Type, earned.AcceptedAt, earned.AcceptedAt, earned.ToJson());
        }

        // A taken sequence or event id is the provider's "version did not match": it re-reads and tries again.
        return await journal.AppendAsync(Stream, entries, dueAt: null) == AppendOutcome.Appended;
    }
}

/// <summary>As the provider has it: an id older than the recent ones is not looked up.</summary>
[LogConsistencyProvider(ProviderName = ProviderName)]
public sealed class JournaledPointsGrain(IEventJournal journal, TimeProvider clock)
    : JournaledPointsGrainBase(journal, clock, lookUpOlderIds: false), IJournaledPointsGrain
{
    protected override string Stream => StreamKey.Journaled(this.GetPrimaryKeyString());
}

/// <summary>With the journal read before each new event that idempotency then needs.</summary>
[LogConsistencyProvider(ProviderName = ProviderName)]
public sealed class JournaledCheckedPointsGrain(IEventJournal journal, TimeProvider clock)
    : JournaledPointsGrainBase(journal, clock, lookUpOlderIds: true), IJournaledCheckedPointsGrain
{
    protected override string Stream => StreamKey.JournaledChecked(this.GetPrimaryKeyString());
}
