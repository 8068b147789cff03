using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Journal.Due;

/// <summary>
/// Wakes streams whose due moment passed. <c>stream_due</c> is split into partitions (their count
/// is defined once, in the schema); each partition has one owner in the cluster, the process
/// holding its advisory lock on the sweeper's own connection, so a dead owner's partitions are
/// free at once. Every sweep a process tries to take each partition it does not own: the first
/// process up takes them all and the others stand by until it stops (the simple split; a fair
/// share per process would need to know how many are alive). Errors are logged; a stream not woken
/// stays due and is tried again on the next sweep.
/// </summary>
internal sealed partial class DueSweeper(
    IEnumerable<IDueStreamWaker> wakers,
    NpgsqlDataSource dataSource,
    IOptions<JournalOptions> options,
    TimeProvider time,
    ILogger<DueSweeper> logger) : BackgroundService
{
    // The class id of due-partition locks (two-int advisory locks, apart from bigint ones): "LGdu".
    private const int LockClass = 0x4C47_6475;

    private const string TakePartitions = """
        SELECT p::smallint FROM generate_series(0, journal_due_partitions() - 1) AS p
        WHERE CASE WHEN p = ANY(@owned) THEN false ELSE pg_try_advisory_lock(@class, p) END
        """;

    private const string DueStreams = """
        SELECT stream, due_at FROM stream_due
        WHERE partition = ANY(@owned) AND due_at <= @now
        ORDER BY due_at
        LIMIT @limit
        """;

    private readonly JournalDueOptions _options = options.Value.Due;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Without a waker (a process that hosts no stream owners) there is nothing to sweep for.
        var waker = wakers.LastOrDefault();
        if (waker is null)
        {
            return;
        }

        NpgsqlConnection? locks = null;
        var owned = new List<short>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    locks ??= await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                    await TakeAsync(locks, owned, stoppingToken).ConfigureAwait(false);
                    if (owned.Count > 0)
                    {
                        await WakeAsync(waker, await ReadDueAsync(locks, owned, stoppingToken).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    // The locks were on that connection: owned or not, start over with a new one.
                    LogSweepFailed(error, owned.Count);
                    owned.Clear();
                    await ReleaseAsync(locks).ConfigureAwait(false);
                    locks = null;
                }

                await Task.Delay(_options.SweepInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await ReleaseAsync(locks).ConfigureAwait(false);
        }
    }

    private async Task TakeAsync(NpgsqlConnection locks, List<short> owned, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TakePartitions, locks);
        command.Parameters.AddTyped("owned", NpgsqlDbType.Array | NpgsqlDbType.Smallint, owned.ToArray());
        command.Parameters.AddTyped("class", NpgsqlDbType.Integer, LockClass);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var taken = new List<short>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            taken.Add(reader.GetInt16(0));
        }

        if (taken.Count > 0)
        {
            owned.AddRange(taken);
            LogTook(taken.Count, owned.Count);
        }
    }

    /// <summary>Read on the locks' connection: a sweep that reads fine still holds its partitions.</summary>
    private async Task<List<DueStream>> ReadDueAsync(NpgsqlConnection locks, List<short> owned, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(DueStreams, locks);
        command.Parameters.AddTyped("owned", NpgsqlDbType.Array | NpgsqlDbType.Smallint, owned.ToArray());
        command.Parameters.AddTyped("now", NpgsqlDbType.TimestampTz, JournalRows.Utc(time.GetUtcNow()));
        command.Parameters.AddTyped("limit", NpgsqlDbType.Integer, _options.SweepLimit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var due = new List<DueStream>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            due.Add(new DueStream(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return due;
    }

    private async Task WakeAsync(IDueStreamWaker waker, List<DueStream> due, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.WakeParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(due, parallel, async (stream, token) =>
        {
            try
            {
                await waker.WakeAsync(stream, token).ConfigureAwait(false);
            }
            catch (Exception error) when (!token.IsCancellationRequested)
            {
                LogWakeFailed(error, stream.Stream);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Closes the locks' connection for good: a pooled one would keep its session, and the locks, while idle.</summary>
    private static async Task ReleaseAsync(NpgsqlConnection? locks)
    {
        if (locks is null)
        {
            return;
        }

        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", locks);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            // A broken connection is not pooled again, and its locks died with its session.
        }

        await locks.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Due sweeper took {Taken} partitions; it owns {Owned}")]
    private partial void LogTook(int taken, int owned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A due sweep failed; the {Owned} partitions it owned are given up and taken again on the next sweep")]
    private partial void LogSweepFailed(Exception error, int owned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking due stream {Stream} failed; it stays due and is tried again on the next sweep")]
    private partial void LogWakeFailed(Exception error, string stream);
}
