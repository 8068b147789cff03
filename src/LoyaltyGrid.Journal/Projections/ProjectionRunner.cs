using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Journal.Projections;

/// <summary>
/// Runs one projection in this process whenever this process owns it: takes the projection's
/// advisory lock on a connection of its own (retrying while another process holds it), then folds
/// the journal page by page into the live generation and, if one was requested, a rebuilding one,
/// and switches to the rebuilt one once it has caught up.
/// </summary>
internal sealed partial class ProjectionRunner(
    IProjection projection,
    NpgsqlDataSource dataSource,
    JournalProjectionOptions options,
    JournalCommitSignal committed,
    TimeProvider time,
    JournalMetrics metrics,
    ILogger logger)
{
    private string Name => projection.Name;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await OwnWhilePossibleAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogOwnerFailed(error, Name);
            }

            try
            {
                await Task.Delay(options.OwnershipInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task OwnWhilePossibleAsync(CancellationToken cancellationToken)
    {
        await using var ownership = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await LockAsync(ownership, ProjectionSql.TryOwn, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            LogOwning(Name);
            await FoldAsync(ownership, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A pooled connection keeps its session (and so the lock) until it is used again;
            // without this, an idle connection in this process's pool would go on owning the
            // projection. If the connection is broken the pool drops it and the server freed the lock.
            try
            {
                await LockAsync(ownership, ProjectionSql.Disown, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
            {
                LogReleaseFailed(error, Name);
            }
        }
    }

    private async Task<bool> LockAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddText("name", Name);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task FoldAsync(NpgsqlConnection ownership, CancellationToken cancellationToken)
    {
        await Checkpoint.EnsureLiveAsync(dataSource, Name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var lastCheck = time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nextCommit = committed.Next;
            var step = await StepAsync(cancellationToken).ConfigureAwait(false);
            if (step == Step.CaughtUp && options.MinPageInterval > TimeSpan.Zero)
            {
                // Caught up, the next page would hold only the commits of the last few
                // milliseconds; letting them gather makes fewer, larger pages, each one
                // transaction less. Never while behind or rebuilding: that would slow catching up.
                await Task.Delay(options.MinPageInterval, time, cancellationToken).ConfigureAwait(false);
            }
            else if (step == Step.Idle)
            {
                if (time.GetElapsedTime(lastCheck) >= options.OwnershipInterval)
                {
                    // The lock lives as long as this connection; if it broke, another process may
                    // own the projection now (the checkpoints' compare-and-set would tell too).
                    await using var check = new NpgsqlCommand("SELECT 1", ownership);
                    await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    lastCheck = time.GetTimestamp();
                }

                await JournalCommitSignal.WaitAsync(nextCommit, options.PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One page of the live generation, then one of a rebuild (or its switch).</summary>
    private async Task<Step> StepAsync(CancellationToken cancellationToken)
    {
        var checkpoints = await Checkpoint.LoadAsync(dataSource, Name, cancellationToken).ConfigureAwait(false);
        var live = checkpoints.SingleOrDefault(c => c.Live)
            ?? throw new InvalidOperationException($"Projection '{Name}' has no live generation.");
        var rebuild = checkpoints.SingleOrDefault(c => !c.Live);

        var livePage = await JournalPageReader.ReadAsync(dataSource, live.Position, options.PageSize, cancellationToken).ConfigureAwait(false);
        if (livePage.Count > 0)
        {
            live = await ApplyAsync(live, livePage, cancellationToken).ConfigureAwait(false);
        }

        if (rebuild is null)
        {
            return Progress(livePage.Count);
        }

        var rebuildPage = await JournalPageReader.ReadAsync(dataSource, rebuild.Position, options.RebuildPageSize, cancellationToken).ConfigureAwait(false);
        if (rebuildPage.Count > 0)
        {
            await ApplyAsync(rebuild, rebuildPage, cancellationToken).ConfigureAwait(false);
            return Step.Behind;
        }

        // Read after the live page, an empty rebuild page means the rebuild holds everything the
        // live generation holds and possibly a little more (committed in between).
        if (livePage.Count < options.PageSize && rebuild.Position >= live.Position)
        {
            await SwitchAsync(live, rebuild, cancellationToken).ConfigureAwait(false);
            return Step.Behind;
        }

        return Progress(livePage.Count);
    }

    // A full page means more may be waiting right behind it.
    private Step Progress(int livePageCount) =>
        livePageCount == 0 ? Step.Idle : livePageCount < options.PageSize ? Step.CaughtUp : Step.Behind;

    private enum Step
    {
        /// <summary>Nothing to fold: wait for the next commit.</summary>
        Idle,

        /// <summary>Folded the last entries there were.</summary>
        CaughtUp,

        /// <summary>Folded a full page, or rebuild work: go on at once.</summary>
        Behind,
    }

    /// <summary>Stores a page's output and moves the checkpoint in one transaction; answers the moved checkpoint.</summary>
    private async Task<Checkpoint> ApplyAsync(Checkpoint checkpoint, List<JournalEntry> entries, CancellationToken cancellationToken)
    {
        var to = entries[^1].Position;
        var page = new ProjectionPage(Name, checkpoint.Generation, checkpoint.Position, to, entries);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var advance = new NpgsqlCommand(ProjectionSql.Advance, connection, transaction))
            {
                checkpoint.AddIdentity(advance.Parameters, Name);
                advance.Parameters.AddPosition(to, "to_");
                advance.Parameters.AddBigint("count", entries.Count);
                advance.Parameters.AddTyped("now", NpgsqlDbType.TimestampTz, JournalRows.Utc(time.GetUtcNow()));
                if (await advance.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new ProjectionFencedException(Name, checkpoint.Generation);
                }
            }

            await projection.ApplyAsync(page, connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        metrics.Page(Name, checkpoint.Live, entries.Count, checkpoint.Live ? time.GetUtcNow() - entries.Min(e => e.AcceptedAt) : null);
        if (checkpoint.Live)
        {
            await CommittedAsync(page, cancellationToken).ConfigureAwait(false);
        }

        return checkpoint with { Position = to, Folded = checkpoint.Folded + entries.Count };
    }

    /// <summary>
    /// Makes the rebuilt generation live, drops the old one's output and checkpoint, in one
    /// transaction; then tells the living about entries the new generation holds beyond the old one.
    /// </summary>
    private async Task SwitchAsync(Checkpoint live, Checkpoint rebuild, CancellationToken cancellationToken)
    {
        var now = JournalRows.Utc(time.GetUtcNow());
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var (sql, checkpoint) in new[] { (ProjectionSql.RetireLive, live), (ProjectionSql.PromoteRebuild, rebuild) })
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                checkpoint.AddIdentity(command.Parameters, Name);
                command.Parameters.AddTyped("now", NpgsqlDbType.TimestampTz, now);
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new ProjectionFencedException(Name, checkpoint.Generation);
                }
            }

            await projection.DropGenerationAsync(live.Generation, connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        LogSwitched(Name, rebuild.Generation, live.Generation);
        var from = live.Position;
        while (from < rebuild.Position)
        {
            var gap = (await JournalPageReader.ReadAsync(dataSource, from, options.PageSize, cancellationToken).ConfigureAwait(false))
                .TakeWhile(e => e.Position <= rebuild.Position)
                .ToList();
            if (gap.Count == 0)
            {
                break;
            }

            await CommittedAsync(new ProjectionPage(Name, rebuild.Generation, from, gap[^1].Position, gap), cancellationToken).ConfigureAwait(false);
            from = gap[^1].Position;
        }
    }

    private async Task CommittedAsync(ProjectionPage page, CancellationToken cancellationToken)
    {
        try
        {
            await projection.CommittedAsync(page, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The page's output is stored; what the living missed they learn from the next read.
            LogCommittedFailed(error, Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This process now runs projection {Projection}")]
    private partial void LogOwning(string projection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} stopped in this process; it is taken up again (here or elsewhere) shortly")]
    private partial void LogOwnerFailed(Exception error, string projection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release projection {Projection}'s lock; its connection is gone, and the lock with it")]
    private partial void LogReleaseFailed(Exception error, string projection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection {Projection}: rebuilt generation {Generation} is live, generation {Old} dropped")]
    private partial void LogSwitched(string projection, long generation, long old);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection}: telling the living about a committed page failed")]
    private partial void LogCommittedFailed(Exception error, string projection);
}
