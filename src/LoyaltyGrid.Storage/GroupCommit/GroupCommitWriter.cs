using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>
/// Gathers grain writes into batches and applies each batch in one PostgreSQL transaction. One
/// batch is in flight at a time: while it commits (an fsync), the next one fills up, so the batch
/// size follows the load by itself and the window only matters when writes are sparse. A change
/// completes only after the transaction holding it has committed; if the transaction fails, every
/// change in it fails with the same error.
/// </summary>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<PendingChange> _queue = Channel.CreateUnbounded<PendingChange>(new UnboundedChannelOptions { SingleReader = true });

    // A second change of a grain already in the gathering batch waits for the next one, so that the
    // set-based statement never sees one row twice. Orleans lets a grain write once at a time, so
    // this is rare (a reentrant grain writing concurrently).
    private readonly Queue<PendingChange> _carried = new();

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly GroupCommitOptions _options;
    private readonly TimeProvider _time;
    private readonly GroupCommitMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Task _loop;

    private long _committedBatches;
    private long _committedChanges;
    private long _failedBatches;
    private long _failedChanges;
    private int _largestBatch;

    public GroupCommitWriter(NpgsqlDataSource dataSource, string serviceId, GroupCommitOptions options, TimeProvider time, GroupCommitMetrics metrics, ILogger logger)
    {
        options.Validate();
        _dataSource = dataSource;
        _serviceId = serviceId;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public GroupCommitStatistics Statistics => new(
        Interlocked.Read(ref _committedBatches), Interlocked.Read(ref _committedChanges),
        Interlocked.Read(ref _failedBatches), Interlocked.Read(ref _failedChanges), Volatile.Read(ref _largestBatch));

    public PendingChange Enqueue(GrainStateRow row, ChangeKind kind, int? expectedVersion, string? payload)
    {
        var change = new PendingChange(row, kind, expectedVersion, payload, _time.GetTimestamp());
        if (!_queue.Writer.TryWrite(change))
        {
            throw new InvalidOperationException("The group-commit grain storage has stopped; no more writes are accepted.");
        }

        return change;
    }

    /// <summary>Stops accepting changes and waits until every accepted one is committed or failed.</summary>
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

    /// <summary>The next batch: changes already waiting, then more until the window of its oldest change ends or it is full. Empty when stopped and drained.</summary>
    private async Task<List<PendingChange>> GatherAsync()
    {
        var batch = new List<PendingChange>(Math.Min(_options.MaxBatch, 1024));
        var rows = new HashSet<GrainStateRow>();
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
            var remaining = _options.Window - _time.GetElapsedTime(batch[0].EnqueuedAt);
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
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var change))
            {
                Add(change);
            }
        }

        void Add(PendingChange change)
        {
            if (rows.Add(change.Row))
            {
                batch.Add(change);
            }
            else
            {
                _carried.Enqueue(change);
            }
        }
    }

    private async Task CommitAsync(List<PendingChange> batch)
    {
        var started = _time.GetTimestamp();
        int?[] versions;
        try
        {
            versions = await ApplyAsync(batch).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref _failedBatches);
            Interlocked.Add(ref _failedChanges, batch.Count);
            _metrics.Batch(batch.Count, _time.GetElapsedTime(started), committed: false);
            LogBatchFailed(error, batch.Count);
            foreach (var change in batch)
            {
                change.Failed(error);
            }

            return;
        }

        Interlocked.Increment(ref _committedBatches);
        Interlocked.Add(ref _committedChanges, batch.Count);
        InterlockedMax(ref _largestBatch, batch.Count);
        _metrics.Batch(batch.Count, _time.GetElapsedTime(started), committed: true);
        for (var slot = 0; slot < batch.Count; slot++)
        {
            batch[slot].Committed(versions[slot]);
        }
    }

    /// <summary>Runs the batch in its own transaction and answers each change's new version (null: refused) only once the commit returned.</summary>
    private async Task<int?[]> ApplyAsync(List<PendingChange> batch)
    {
        var count = batch.Count;
        var slots = new int[count];
        var stateNames = new string[count];
        var keyN0 = new long[count];
        var keyN1 = new long[count];
        var grainKeys = new string[count];
        var expected = new int?[count];
        var payloads = new string?[count];
        var deletes = new bool[count];
        for (var slot = 0; slot < count; slot++)
        {
            var change = batch[slot];
            slots[slot] = slot;
            stateNames[slot] = change.Row.StateName;
            keyN0[slot] = change.Row.KeyN0;
            keyN1[slot] = change.Row.KeyN1;
            grainKeys[slot] = change.Row.GrainKey;
            expected[slot] = change.ExpectedVersion;
            payloads[slot] = change.Payload;
            deletes[slot] = change.Kind == ChangeKind.Delete;
        }

        var versions = new int?[count];
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(GroupCommitSql.ApplyBatch, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("service_id", NpgsqlDbType.Text) { TypedValue = _serviceId });
            command.Parameters.Add(new NpgsqlParameter<int[]>("slot", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = slots });
            command.Parameters.Add(new NpgsqlParameter<string[]>("state_name", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = stateNames });
            command.Parameters.Add(new NpgsqlParameter<long[]>("key_n0", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = keyN0 });
            command.Parameters.Add(new NpgsqlParameter<long[]>("key_n1", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = keyN1 });
            command.Parameters.Add(new NpgsqlParameter<string[]>("grain_key", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = grainKeys });
            command.Parameters.Add(new NpgsqlParameter<int?[]>("expected", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = expected });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("payload", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = payloads });
            command.Parameters.Add(new NpgsqlParameter<bool[]>("is_delete", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = deletes });
            // The statement is the same for every batch; a prepared one skips parsing and planning
            // on every physical connection after its first use.
            await command.PrepareAsync().ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                versions[reader.GetInt32(0)] = reader.GetInt32(1);
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return versions;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group commit of {Changes} grain writes failed; every one of them fails with this error")]
    private partial void LogBatchFailed(Exception error, int changes);
}
