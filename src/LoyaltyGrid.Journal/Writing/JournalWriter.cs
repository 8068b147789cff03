using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoyaltyGrid.Journal.Writing;

/// <summary>
/// Gathers this process's journal writes into batches and commits each batch in one transaction
/// with set-based statements. One batch is in flight at a time; the next gathers while it commits,
/// so batches grow with the load and the window only matters when writes are sparse. A stream whose
/// sequence or event id is taken is refused alone; a database error fails the whole batch.
/// </summary>
internal sealed partial class JournalWriter : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });

    // A second write of a stream already in the gathering batch waits for the next batch, so that
    // its order is kept and no statement sees a row twice. A stream's owner writes one at a time,
    // so this is rare (an append racing a snapshot of an earlier state, or a fire-and-forget one).
    private readonly Queue<PendingWrite> _carried = new();

    private readonly NpgsqlDataSource _dataSource;
    private readonly JournalGroupCommitOptions _options;
    private readonly TimeProvider _time;
    private readonly JournalMetrics _metrics;
    private readonly JournalCommitSignal _committed;
    private readonly ILogger _logger;
    private readonly Task _loop;

    private long _committedBatches;

    public JournalWriter(NpgsqlDataSource dataSource, JournalGroupCommitOptions options, TimeProvider time, JournalMetrics metrics, JournalCommitSignal committed, ILogger logger)
    {
        options.Validate();
        _dataSource = dataSource;
        _options = options;
        _time = time;
        _metrics = metrics;
        _committed = committed;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions committed so far (tests tell from it that many appends shared few).</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    public Task<AppendOutcome> Enqueue(PendingWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            throw new InvalidOperationException("The journal writer has stopped; no more writes are accepted.");
        }

        return write.Outcome;
    }

    /// <summary>Stops accepting writes and waits until every accepted one is committed or failed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        while (await GatherAsync().ConfigureAwait(false) is { Count: > 0 } batch)
        {
            await CommitAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>The next batch: carried writes, those waiting, then more until the oldest's window ends or the batch is full. Empty when stopped and drained.</summary>
    private async Task<List<PendingWrite>> GatherAsync()
    {
        var batch = new List<PendingWrite>(Math.Min(_options.MaxBatch, 1024));
        var keys = new HashSet<(bool, string)>();
        for (var carried = _carried.Count; carried > 0 && batch.Count < _options.MaxBatch; carried--)
        {
            Add(_carried.Dequeue());
        }

        if (batch.Count == 0 && !await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            return batch;
        }

        Drain();
        while (batch.Count < _options.MaxBatch)
        {
            // Everything taken so far may have been carried to the next batch.
            var remaining = batch.Count == 0 ? _options.Window : _options.Window - _time.GetElapsedTime(batch[0].EnqueuedAt);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using var windowEnds = new CancellationTokenSource(remaining, _time);
            try
            {
                if (!await _queue.Reader.WaitToReadAsync(windowEnds.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (windowEnds.IsCancellationRequested)
            {
                break;
            }

            Drain();
        }

        return batch;

        void Drain()
        {
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var write))
            {
                Add(write);
            }
        }

        void Add(PendingWrite write)
        {
            if (keys.Add(write.OrderKey))
            {
                batch.Add(write);
            }
            else
            {
                _carried.Enqueue(write);
            }
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        var started = _time.GetTimestamp();
        var appended = batch.Where(w => w.Kind == WriteKind.Append).Sum(w => w.Entries.Count);
        HashSet<string> refused;
        try
        {
            refused = await ApplyAsync(batch).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _metrics.Batch(batch.Count, 0, 0, _time.GetElapsedTime(started), committed: false);
            LogBatchFailed(error, batch.Count);
            foreach (var write in batch)
            {
                write.Failed(error);
            }

            return;
        }

        Interlocked.Increment(ref _committedBatches);
        var refusedEntries = batch.Where(w => w.Kind == WriteKind.Append && refused.Contains(w.Stream)).Sum(w => w.Entries.Count);
        _metrics.Batch(batch.Count, appended - refusedEntries, refused.Count, _time.GetElapsedTime(started), committed: true);
        _committed.Pulse();
        foreach (var write in batch)
        {
            write.Completed(write.Kind == WriteKind.Append && refused.Contains(write.Stream) ? AppendOutcome.StreamConflict : AppendOutcome.Appended);
        }
    }

    /// <summary>Runs the batch in one transaction; answers the streams whose append was refused, once the commit returned.</summary>
    private async Task<HashSet<string>> ApplyAsync(List<PendingWrite> batch)
    {
        var rows = new BatchRows(batch);
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var inserted = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        if (rows.EntryCount > 0)
        {
            await using var insert = new NpgsqlCommand(JournalSql.InsertEntries, connection, transaction);
            rows.AddEntryParameters(insert.Parameters);
            // The same statement every batch: prepared, it skips parsing and planning on every
            // physical connection after its first use.
            await insert.PrepareAsync().ConfigureAwait(false);
            await using var reader = await insert.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var stream = reader.GetString(0);
                if (!inserted.TryGetValue(stream, out var sequences))
                {
                    inserted[stream] = sequences = [];
                }

                sequences.Add(reader.GetInt64(1));
            }
        }

        var refused = rows.Refused(inserted);
        await using (var finish = new NpgsqlCommand($"{GenericPlans.ForThisTransaction};\n{JournalSql.FinishBatch}", connection, transaction))
        {
            rows.AddFinishParameters(finish.Parameters, refused, inserted);
            await finish.PrepareAsync().ConfigureAwait(false);
            await finish.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return refused;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A journal group commit of {Writes} writes failed; every one of them fails with this error")]
    private partial void LogBatchFailed(Exception error, int writes);
}
