namespace LoyaltyGrid.Journal;

/// <summary>
/// An accepted event as a stream appends it. <paramref name="Sequence"/> numbers the stream's
/// events from 1 without gaps; <paramref name="EventId"/> is the event's identity within its
/// stream (e.g. <c>purchase:shop/A-1001</c>) and is unique there, so a retried event is found by it.
/// <paramref name="Payload"/> is JSON: the event and what its owner decided about it.
/// </summary>
public sealed record JournalAppend(
    string Stream,
    long Sequence,
    string EventId,
    string Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset AcceptedAt,
    string Payload);

/// <summary>A stored event, with where it stands in the journal's commit-safe order.</summary>
public sealed record JournalEntry(
    string Stream,
    long Sequence,
    string EventId,
    string Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset AcceptedAt,
    string Payload,
    JournalPosition Position);

/// <summary>
/// A place in the journal's global order: by the id of the transaction that wrote an entry, then
/// by stream and sequence. Readers only ever see entries of transactions that can no longer commit
/// before them (below the oldest transaction still running), so a position, once passed, never
/// has anything inserted before it.
/// </summary>
public readonly record struct JournalPosition(ulong TransactionId, string Stream, long Sequence) : IComparable<JournalPosition>
{
    public static JournalPosition Start { get; } = new(0, "", 0);

    public int CompareTo(JournalPosition other)
    {
        var byTransaction = TransactionId.CompareTo(other.TransactionId);
        if (byTransaction != 0)
        {
            return byTransaction;
        }

        var byStream = string.CompareOrdinal(Stream, other.Stream);
        return byStream != 0 ? byStream : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(JournalPosition left, JournalPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(JournalPosition left, JournalPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(JournalPosition left, JournalPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(JournalPosition left, JournalPosition right) => left.CompareTo(right) >= 0;
}
