namespace LoyaltyGrid.Journal;

/// <summary>What an append did.</summary>
public enum AppendOutcome
{
    /// <summary>Committed: every entry is stored and the due moment (if given) with them.</summary>
    Appended,

    /// <summary>
    /// Nothing stored: one of the sequences or event ids is already taken in this stream (another
    /// activation wrote first). Only this stream's append is refused; its owner must reload.
    /// </summary>
    StreamConflict,
}

/// <summary>
/// The journal as stream owners use it. Appends from many streams are group-committed: gathered
/// for a moment and written in one transaction by one set-based statement; each append completes
/// only after that transaction committed (a database error fails every append in it).
/// </summary>
public interface IEventJournal
{
    /// <summary>
    /// Appends the entries of one stream, all or none; their sequences must follow the stream's
    /// last one without gaps. <paramref name="dueAt"/> is the stream's next due moment after these
    /// events (null: nothing due), stored in the same transaction.
    /// </summary>
    Task<AppendOutcome> AppendAsync(string stream, IReadOnlyList<JournalAppend> entries, DateTimeOffset? dueAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends like the overload above but leaves the stream's stored due moment as it is: an owner
    /// that knows the stored moment is not later than its next one skips the write (waking early
    /// only costs a wake that finds nothing and stores the right moment).
    /// </summary>
    Task<AppendOutcome> AppendAsync(string stream, IReadOnlyList<JournalAppend> entries, CancellationToken cancellationToken = default);

    /// <summary>The stream's entries after <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<JournalEntry>> ReadStreamAsync(string stream, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>The entry with this id in this stream, if any (the unique index answers old retries).</summary>
    Task<JournalEntry?> FindAsync(string stream, string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the stream's due moment without an event (null: nothing due), group-committed like an
    /// append; a woken stream whose work produced no event stores its next moment this way.
    /// </summary>
    Task SetDueAsync(string stream, DateTimeOffset? dueAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the payloads of some of a stream's entries and drops its snapshot, in one
    /// transaction: erasure scrubs personal data out of the journal this way. Sequence, ids, types
    /// and times stay, so projections and idempotency are unaffected.
    /// </summary>
    Task ReplacePayloadsAsync(string stream, IReadOnlyDictionary<long, string> payloads, CancellationToken cancellationToken = default);

    /// <summary>The stream's latest snapshot, if any.</summary>
    Task<StreamSnapshot?> LoadSnapshotAsync(string stream, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a snapshot, group-committed with other writes; an older snapshot never replaces a
    /// newer one. Callers need not wait: a lost snapshot only means a longer tail to read.
    /// </summary>
    Task SaveSnapshotAsync(StreamSnapshot snapshot, CancellationToken cancellationToken = default);
}

/// <summary>A stream's folded state as of <paramref name="Sequence"/>; <paramref name="Payload"/> is JSON.</summary>
public sealed record StreamSnapshot(string Stream, long Sequence, string Payload);
