namespace LoyaltyGrid.Journal;

/// <summary>
/// The journal's SQL in one place. Transaction ids travel as bigint text-cast to and from xid8:
/// Npgsql has no xid8 array or parameter mapping that all versions agree on, and a full
/// transaction id (epoch and counter) stays far below 2^63.
/// </summary>
internal static class JournalSql
{
    /// <summary>The columns <see cref="JournalRows.ReadEntryAsync"/> reads, in its order.</summary>
    /// <remarks>
    /// The transaction id's output column must not be called <c>tx</c>: an <c>ORDER BY tx</c> names
    /// an output column before a table column, and ordering by the bigint cast instead of the
    /// xid8 column cannot use <c>journal_commit_order</c>, so every commit-safe page sorted the
    /// whole journal (1.6 s per page of 5,000 at 246,000 rows, against 41 ms by the index).
    /// </remarks>
    public const string EntryColumns = "stream, seq, event_id, type, occurred_at, accepted_at, payload::text, tx::text::bigint AS tx_id";

    /// <summary>
    /// A batch's entries; a row whose (stream, seq) or (stream, event_id) is taken is skipped, and
    /// the rows returned tell which streams got all of theirs.
    /// </summary>
    public const string InsertEntries = """
        INSERT INTO journal (stream, seq, event_id, type, occurred_at, accepted_at, payload)
        SELECT s, q, e, t, o, a, p::json
        FROM unnest(@stream::text[], @seq::bigint[], @event_id::text[], @type::text[],
                    @occurred_at::timestamptz[], @accepted_at::timestamptz[], @payload::text[]) AS i(s, q, e, t, o, a, p)
        ON CONFLICT DO NOTHING
        RETURNING stream, seq
        """;

    /// <summary>
    /// The rest of a batch, in one statement: removes what refused streams did insert (so each
    /// stream's append is all or nothing), sets or clears due moments of accepted streams and
    /// direct SetDue calls, and stores snapshots that are newer than the stored one. A stream is in
    /// a batch once, so no two parts touch the same row. Sent after <see cref="GenericPlans"/>:
    /// its parameters touch the partitioned journal, and a custom plan cost ~600 µs a batch.
    /// </summary>
    public const string FinishBatch = """
        WITH refused AS (
            DELETE FROM journal j
            USING unnest(@refused_stream::text[], @refused_seq::bigint[]) AS r(s, q)
            WHERE j.stream = r.s AND j.seq = r.q
        ), due_set AS (
            INSERT INTO stream_due (stream, due_at)
            SELECT s, d FROM unnest(@due_stream::text[], @due_at::timestamptz[]) AS u(s, d)
            ON CONFLICT (stream) DO UPDATE SET due_at = excluded.due_at
        ), due_clear AS (
            DELETE FROM stream_due WHERE stream = ANY(@undue_stream::text[])
        ), snapshot AS (
            INSERT INTO stream_snapshot (stream, seq, payload, written_at)
            SELECT s, q, p::json, now()
            FROM unnest(@snapshot_stream::text[], @snapshot_seq::bigint[], @snapshot_payload::text[]) AS n(s, q, p)
            ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq, payload = excluded.payload, written_at = excluded.written_at
            WHERE stream_snapshot.seq < excluded.seq
        )
        SELECT 1
        """;

    /// <summary>
    /// A stream's entries, as a grain reads them when it activates. Sent after
    /// <see cref="GenericPlans"/>: PostgreSQL always preferred a custom plan for the partitioned
    /// journal and planned every read afresh, ~120 µs of planning for ~12 µs of reading in a
    /// profile of purchases by 1,000,000 customers (one read per activation). The generic plan
    /// prunes to the stream's partition when it starts and reads its primary key (0.02 ms).
    /// </summary>
    public const string ReadStream = $"SELECT {EntryColumns} FROM journal WHERE stream = @stream AND seq > @after ORDER BY seq";

    public const string Find = $"SELECT {EntryColumns} FROM journal WHERE stream = @stream AND event_id = @event_id";

    public const string LoadSnapshot = "SELECT stream, seq, payload::text FROM stream_snapshot WHERE stream = @stream";

    public const string ReplacePayloads = """
        UPDATE journal j SET payload = u.p::json
        FROM unnest(@seq::bigint[], @payload::text[]) AS u(q, p)
        WHERE j.stream = @stream AND j.seq = u.q
        """;

    public const string DeleteSnapshot = "DELETE FROM stream_snapshot WHERE stream = @stream";

    /// <summary>
    /// The commit-safe order: entries after a position, of transactions older than every one still
    /// running. Such a transaction has committed or aborted for good, so nothing can appear before
    /// the page's end later. Must run outside a long transaction: the reader's own snapshot would
    /// otherwise hold xmin back.
    /// </summary>
    public const string ReadPage = $"""
        SELECT {EntryColumns}
        FROM journal
        WHERE (tx, stream, seq) > (@tx::text::xid8, @stream, @seq)
          AND tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx, stream, seq
        LIMIT @limit
        """;

    /// <summary>How many entries lie beyond a position (up to a cap, so a huge lag stays cheap to tell) and when the oldest was accepted.</summary>
    public const string Lag = """
        SELECT count(*), min(accepted_at)
        FROM (SELECT accepted_at FROM journal
              WHERE (tx, stream, seq) > (@tx::text::xid8, @stream, @seq)
              ORDER BY tx, stream, seq
              LIMIT @cap) AS beyond
        """;

    /// <summary>
    /// About how many entries the journal holds: the planner's estimate, or an exact count while
    /// the estimate is small (and in tests, where tables are never analyzed).
    /// </summary>
    public const string CountEntries = """
        SELECT CASE WHEN estimate < 1000000 THEN (SELECT count(*) FROM journal) ELSE estimate END
        FROM (SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint AS estimate
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'journal'::regclass) AS e
        """;

    public const string DuePartitions = "SELECT journal_due_partitions()";
}
