using LoyaltyGrid.Journal.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Journal;

/// <summary>
/// The journal on PostgreSQL. Writes (appends, due moments, snapshots) go through this process's
/// group-commit writer; reads go straight to the database.
/// </summary>
public sealed class PostgresEventJournal : IEventJournal, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly JournalWriter _writer;

    public PostgresEventJournal(NpgsqlDataSource dataSource, IOptions<JournalOptions> options, TimeProvider time, JournalMetrics metrics, ILogger<PostgresEventJournal> logger)
        : this(dataSource, options, time, metrics, new JournalCommitSignal(), logger)
    {
    }

    internal PostgresEventJournal(NpgsqlDataSource dataSource, IOptions<JournalOptions> options, TimeProvider time, JournalMetrics metrics, JournalCommitSignal committed, ILogger<PostgresEventJournal> logger)
    {
        _dataSource = dataSource;
        _time = time;
        _writer = new JournalWriter(dataSource, options.Value.GroupCommit, time, metrics, committed, logger);
    }

    /// <summary>Transactions the writer committed so far.</summary>
    internal long CommittedBatches => _writer.CommittedBatches;

    public Task<AppendOutcome> AppendAsync(string stream, IReadOnlyList<JournalAppend> entries, DateTimeOffset? dueAt, CancellationToken cancellationToken = default) =>
        Append(stream, entries, dueAt, keepsDue: false, cancellationToken);

    public Task<AppendOutcome> AppendAsync(string stream, IReadOnlyList<JournalAppend> entries, CancellationToken cancellationToken = default) =>
        Append(stream, entries, dueAt: null, keepsDue: true, cancellationToken);

    private Task<AppendOutcome> Append(string stream, IReadOnlyList<JournalAppend> entries, DateTimeOffset? dueAt, bool keepsDue, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("An append carries at least one entry.", nameof(entries));
        }

        for (var index = 0; index < entries.Count; index++)
        {
            if (!string.Equals(entries[index].Stream, stream, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Entry {index} belongs to stream '{entries[index].Stream}', not '{stream}'.", nameof(entries));
            }

            if (index > 0 && entries[index].Sequence != entries[index - 1].Sequence + 1)
            {
                throw new ArgumentException($"Entry {index} has sequence {entries[index].Sequence}; an append's sequences follow each other without gaps.", nameof(entries));
            }
        }

        // Once queued, the write happens whatever the caller does: the token only stops waiting.
        return _writer.Enqueue(PendingWrite.Append(stream, entries, dueAt, keepsDue, _time.GetTimestamp())).WaitAsync(cancellationToken);
    }

    public Task SetDueAsync(string stream, DateTimeOffset? dueAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return _writer.Enqueue(PendingWrite.SetDue(stream, dueAt, _time.GetTimestamp())).WaitAsync(cancellationToken);
    }

    public Task SaveSnapshotAsync(StreamSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return _writer.Enqueue(PendingWrite.SaveSnapshot(snapshot, _time.GetTimestamp())).WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadStreamAsync(string stream, long afterSequence, CancellationToken cancellationToken = default)
    {
        // In a transaction of its own for the generic plan; prepared at once, since only a
        // prepared statement keeps a plan.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"{GenericPlans.ForThisTransaction};\n{JournalSql.ReadStream}", connection, transaction);
        command.Parameters.AddText("stream", stream);
        command.Parameters.AddBigint("after", afterSequence);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var entries = await JournalRows.ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return entries;
    }

    public async Task<JournalEntry?> FindAsync(string stream, string eventId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(JournalSql.Find);
        command.Parameters.AddText("stream", stream);
        command.Parameters.AddText("event_id", eventId);
        return (await JournalRows.ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<StreamSnapshot?> LoadSnapshotAsync(string stream, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(JournalSql.LoadSnapshot);
        command.Parameters.AddText("stream", stream);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StreamSnapshot(reader.GetString(0), reader.GetInt64(1), reader.GetString(2))
            : null;
    }

    public async Task ReplacePayloadsAsync(string stream, IReadOnlyDictionary<long, string> payloads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var update = new NpgsqlCommand(JournalSql.ReplacePayloads, connection, transaction))
        {
            update.Parameters.AddText("stream", stream);
            update.Parameters.AddTyped("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint, payloads.Keys.ToArray());
            update.Parameters.AddTextArray("payload", payloads.Keys.Select(seq => payloads[seq]).ToArray());
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The snapshot was folded from the old payloads and may hold what was scrubbed.
        await using (var delete = new NpgsqlCommand(JournalSql.DeleteSnapshot, connection, transaction))
        {
            delete.Parameters.AddText("stream", stream);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting writes and waits for those accepted to commit or fail.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
