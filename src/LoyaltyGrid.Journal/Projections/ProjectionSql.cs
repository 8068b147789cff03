namespace LoyaltyGrid.Journal.Projections;

/// <summary>The SQL of projection checkpoints and ownership.</summary>
internal static class ProjectionSql
{
    /// <summary>
    /// The advisory lock that makes one process of the cluster a projection's owner, taken per
    /// session: if the owner's process or connection dies, the lock goes with it.
    /// </summary>
    public const string TryOwn = "SELECT pg_try_advisory_lock(hashtextextended('loyaltygrid.projection:' || @name, 0))";

    public const string Disown = "SELECT pg_advisory_unlock(hashtextextended('loyaltygrid.projection:' || @name, 0))";

    /// <summary>Generation 1, live at the start of the journal, for a projection never run before.</summary>
    public const string EnsureLive = """
        INSERT INTO projection_checkpoint (name, generation, live, started_at, updated_at)
        SELECT @name, 1, true, @now, @now
        WHERE NOT EXISTS (SELECT 1 FROM projection_checkpoint WHERE name = @name)
        ON CONFLICT DO NOTHING
        """;

    public const string Load = """
        SELECT generation, live, tx::text::bigint, stream, seq, folded, total, started_at
        FROM projection_checkpoint WHERE name = @name
        """;

    /// <summary>
    /// Moves a generation's checkpoint only from where its owner read it (compare-and-set). Run
    /// first in a page's transaction, it also locks the row, so a second owner's page (after a
    /// split) waits, then finds the checkpoint moved and rolls back instead of applying it twice.
    /// </summary>
    public const string Advance = """
        UPDATE projection_checkpoint
        SET tx = @to_tx::text::xid8, stream = @to_stream, seq = @to_seq, folded = folded + @count, updated_at = @now
        WHERE name = @name AND generation = @generation
          AND tx = @tx::text::xid8 AND stream = @stream AND seq = @seq
        """;

    /// <summary>The old live generation leaves (only from where its owner last saw it); first, because one live generation is allowed at a time.</summary>
    public const string RetireLive = """
        DELETE FROM projection_checkpoint
        WHERE name = @name AND generation = @generation AND live
          AND tx = @tx::text::xid8 AND stream = @stream AND seq = @seq
        """;

    /// <summary>The rebuilt generation goes live (only from where its owner last saw it).</summary>
    public const string PromoteRebuild = """
        UPDATE projection_checkpoint SET live = true, updated_at = @now
        WHERE name = @name AND generation = @generation AND NOT live
          AND tx = @tx::text::xid8 AND stream = @stream AND seq = @seq
        """;

    /// <summary>A new generation at the start of the journal, unless a rebuild is already running (the unique index on non-live rows refuses a second).</summary>
    public const string RequestRebuild = """
        INSERT INTO projection_checkpoint (name, generation, live, total, started_at, updated_at)
        SELECT @name, max(generation) + 1, false, @total, @now, @now
        FROM projection_checkpoint WHERE name = @name
        ON CONFLICT DO NOTHING
        """;
}
