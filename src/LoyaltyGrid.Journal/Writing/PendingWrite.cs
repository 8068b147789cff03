namespace LoyaltyGrid.Journal.Writing;

/// <summary>
/// One caller's write waiting for a batch: a stream's append (with its due moment), a due moment
/// alone, or a snapshot. Completes after the batch's transaction committed, or fails with its error.
/// </summary>
internal sealed class PendingWrite
{
    private readonly TaskCompletionSource<AppendOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PendingWrite(WriteKind kind, string stream, IReadOnlyList<JournalAppend> entries, DateTimeOffset? dueAt, StreamSnapshot? snapshot, long enqueuedAt)
    {
        Kind = kind;
        Stream = stream;
        Entries = entries;
        DueAt = dueAt;
        Snapshot = snapshot;
        EnqueuedAt = enqueuedAt;
    }

    public WriteKind Kind { get; }

    public string Stream { get; }

    public IReadOnlyList<JournalAppend> Entries { get; }

    public DateTimeOffset? DueAt { get; }

    /// <summary>False for an append that leaves the stored due moment as it is.</summary>
    public bool WritesDue { get; private init; } = true;

    public StreamSnapshot? Snapshot { get; }

    /// <summary>When the caller asked, as a <see cref="TimeProvider"/> timestamp: a batch's window starts at its oldest write.</summary>
    public long EnqueuedAt { get; }

    /// <summary>
    /// Which writes may not share a batch: appends and due moments of one stream must keep their
    /// order, and two snapshots of one stream cannot be upserted by one statement.
    /// </summary>
    public (bool Snapshot, string Stream) OrderKey => (Kind == WriteKind.Snapshot, Stream);

    public Task<AppendOutcome> Outcome => _outcome.Task;

    public static PendingWrite Append(string stream, IReadOnlyList<JournalAppend> entries, DateTimeOffset? dueAt, bool keepsDue, long enqueuedAt) =>
        new(WriteKind.Append, stream, entries, dueAt, null, enqueuedAt) { WritesDue = !keepsDue };

    public static PendingWrite SetDue(string stream, DateTimeOffset? dueAt, long enqueuedAt) =>
        new(WriteKind.SetDue, stream, [], dueAt, null, enqueuedAt);

    public static PendingWrite SaveSnapshot(StreamSnapshot snapshot, long enqueuedAt) =>
        new(WriteKind.Snapshot, snapshot.Stream, [], null, snapshot, enqueuedAt);

    public void Completed(AppendOutcome outcome) => _outcome.TrySetResult(outcome);

    public void Failed(Exception error) => _outcome.TrySetException(error);
}

internal enum WriteKind
{
    Append,
    SetDue,
    Snapshot,
}
