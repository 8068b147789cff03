using System.Text.Json;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Visits;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Silo;

/// <summary>
/// Carries a database written by the release before the event journal over to it, once, before
/// the silo starts: each customer's and session's state document in <c>grain_state</c> becomes
/// journal rows, and each KPI scope's totals a baseline the KPI projection starts from.
/// </summary>
/// <remarks>
/// <para>
/// Baselines are committed first, in their own transaction: the KPI projection folds the journal
/// in commit order and a baseline replaces its scope's aggregate, so every customer's unapplied
/// KPI changes must commit after it. Customers and sessions follow in batches; each batch writes
/// the journal rows and deletes the legacy rows in one transaction, so a crash leaves every
/// customer either imported or still legacy, and a restart carries on with what is left. The
/// applied marks (<c>kpi_source_mark</c>) decide which outbox changes are still unapplied, so they
/// are dropped only after the last legacy customer and session are gone.
/// </para>
/// <para>
/// Servers of one cluster start together; an advisory lock makes them take turns, and the later
/// ones find nothing left. A new database has no legacy rows and costs one query.
/// </para>
/// </remarks>
public sealed partial class LegacyStateImport(NpgsqlDataSource dataSource, TimeProvider clock, ILogger logger, int batchSize = 200)
{
    // An arbitrary constant that names "LoyaltyGrid legacy state import" among advisory locks.
    private const long ImportLockKey = 0x4C47_494D_504F_5254;

    private const string CustomerStateName = "customer";
    private const string SessionStateName = "session";

    /// <summary>The id of the one row per imported stream that carries its state.</summary>
    private const string ImportedEventId = "imported";

    // Legacy KPI sources, as the previous release's grains named themselves to the scope grains.
    private const string CustomerSourcePrefix = "customer:";
    private const string SessionSourcePrefix = "session:";

    private static readonly JsonSerializerOptions Json = JournaledEvent.Json;

    /// <summary>Imports whatever legacy state is left; returns how many customers and sessions this call imported.</summary>
    public async Task<(int Customers, int Sessions)> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await AnyLegacyAsync(connection, cancellationToken))
        {
            return (0, 0);
        }

        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({ImportLockKey})", cancellationToken);
        try
        {
            // Another server may have imported everything while this one waited for the lock.
            if (!await AnyLegacyAsync(connection, cancellationToken))
            {
                return (0, 0);
            }

            LogImporting();
            var baselines = await ImportBaselinesAsync(connection, cancellationToken);
            var customers = await ImportBatchesAsync(connection, CustomerStateName, ImportCustomer, cancellationToken);
            var sessions = await ImportBatchesAsync(connection, SessionStateName, ImportSession, cancellationToken);
            // Every unapplied change is journaled now; the marks have answered their last question.
            await ExecuteAsync(connection, null, "DELETE FROM kpi_source_mark", cancellationToken);
            LogImported(baselines, customers, sessions);
            return (customers, sessions);
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({ImportLockKey})", CancellationToken.None);
        }
    }

    private static async Task<bool> AnyLegacyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT EXISTS (SELECT 1 FROM grain_state WHERE state_name IN ('{CustomerStateName}', '{SessionStateName}'))
                OR EXISTS (SELECT 1 FROM kpi_scope)
                OR EXISTS (SELECT 1 FROM kpi_source_mark)
            """, connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<int> ImportBaselinesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<JournalRow>();
        await using (var read = new NpgsqlCommand("SELECT scope, payload::text FROM kpi_scope ORDER BY scope FOR UPDATE", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var aggregate = JsonSerializer.Deserialize<KpiAggregate>(reader.GetString(1), Json)
                    ?? throw new InvalidDataException($"KPI scope {reader.GetString(0)} has an empty payload.");
                var payload = JsonSerializer.Serialize(new KpiBaseline(aggregate), Json);
                rows.Add(new JournalRow(KpiBaseline.StreamPrefix + reader.GetString(0), 1, KpiBaseline.Type, KpiBaseline.Type, now, now, payload));
            }
        }

        // A baseline already journaled (an import interrupted after this commit cannot be, as the
        // legacy rows go in the same transaction, but a hand-run repair might) is left as it is.
        await InsertAsync(connection, transaction, rows, onConflictDoNothing: true, cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM kpi_scope", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private delegate IReadOnlyList<JournalRow> Importer(string key, string? document, IReadOnlyDictionary<(string Scope, string Source), long> marks, DateTimeOffset now);

    private async Task<int> ImportBatchesAsync(NpgsqlConnection connection, string stateName, Importer import, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var legacy = new List<(string StoredKey, string? Document)>();
            await using (var read = new NpgsqlCommand(
                "SELECT grain_key, payload::text FROM grain_state WHERE state_name = $1 ORDER BY grain_key LIMIT $2 FOR UPDATE", connection, transaction))
            {
                read.Parameters.Add(new NpgsqlParameter { Value = stateName });
                read.Parameters.Add(new NpgsqlParameter { Value = batchSize });
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    legacy.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
                }
            }

            if (legacy.Count == 0)
            {
                return total;
            }

            var keys = legacy.Select(row => LegacyGrainKey(row.StoredKey)).ToList();
            var sourcePrefix = stateName == CustomerStateName ? CustomerSourcePrefix : SessionSourcePrefix;
            var marks = await ReadMarksAsync(connection, transaction, [.. keys.Select(key => sourcePrefix + key)], cancellationToken);
            var rows = new List<JournalRow>();
            var due = new List<string>();
            for (var i = 0; i < legacy.Count; i++)
            {
                var imported = import(keys[i], legacy[i].Document, marks, now);
                rows.AddRange(imported);
                if (stateName == CustomerStateName && imported.Count > 0)
                {
                    due.Add(imported[0].Stream);
                }
            }

            await InsertAsync(connection, transaction, rows, onConflictDoNothing: false, cancellationToken);
            await SetDueNowAsync(connection, transaction, due, now, cancellationToken);
            await using (var delete = new NpgsqlCommand("DELETE FROM grain_state WHERE state_name = $1 AND grain_key = ANY($2)", connection, transaction))
            {
                delete.Parameters.Add(new NpgsqlParameter { Value = stateName });
                delete.Parameters.Add(new NpgsqlParameter { Value = legacy.Select(row => row.StoredKey).ToArray() });
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            total += legacy.Count;
        }
    }

    /// <summary>
    /// A customer's journal: its applied events' receipts (so retries are answered as before), then
    /// its folded state with the KPI changes and messages it still owed.
    /// </summary>
    private static IReadOnlyList<JournalRow> ImportCustomer(string customerId, string? document, IReadOnlyDictionary<(string Scope, string Source), long> marks, DateTimeOffset now)
    {
        if (document is null)
        {
            // A cleared state (an erased grain's storage) has nothing to carry over.
            return [];
        }

        var legacy = JsonSerializer.Deserialize<LegacyCustomer>(document, Json) ?? new LegacyCustomer();
        // The fold keeps the legacy document's shapes (account, purchases, places, gauge), so the
        // document reads as one; what only the legacy grain needed is ignored.
        var fold = JsonSerializer.Deserialize<CustomerFold>(document, Json) ?? new CustomerFold();
        var stream = StreamKeys.Customer(customerId);
        var rows = new List<JournalRow>();
        foreach (var (eventId, processed) in legacy.Processed)
        {
            var receipt = new CustomerEvent { Fingerprint = processed.Fingerprint, Command = EmptyObject, Receipt = processed.Receipt };
            rows.Add(new JournalRow(stream, rows.Count + 1, eventId, CustomerEventTypes.ImportedReceipt, now, now, receipt.ToJson()));
        }

        var awards = legacy.PendingAwards.Select(award => new ReferralAward(award.ReferrerId, customerId, award.OccurredAt)).ToList();
        var conversions = legacy.PendingConversions.Select(conversion => new SessionConversion(conversion.Storefront, conversion.SessionId, conversion.Market, conversion.PurchasedAt)).ToList();
        var state = new CustomerEvent
        {
            Command = JsonSerializer.SerializeToElement(fold, Json),
            Receipt = EmptyObject,
            Kpis = Unapplied(legacy.Kpis, marks),
            Award = awards.FirstOrDefault(),
            Conversion = conversions.FirstOrDefault(),
        };
        rows.Add(new JournalRow(stream, rows.Count + 1, ImportedEventId, CustomerEventTypes.Imported, now, now, state.ToJson()));

        // The imported row carries one message of each kind; any further ones owed get a row each.
        for (var i = 1; i < Math.Max(awards.Count, conversions.Count); i++)
        {
            var owed = new CustomerEvent { Command = EmptyObject, Receipt = EmptyObject, Award = awards.ElementAtOrDefault(i), Conversion = conversions.ElementAtOrDefault(i) };
            rows.Add(new JournalRow(stream, rows.Count + 1, $"{CustomerEventTypes.ImportedDelivery}:{i}", CustomerEventTypes.ImportedDelivery, now, now, owed.ToJson()));
        }

        return rows;
    }

    private static IReadOnlyList<JournalRow> ImportSession(string sessionKey, string? document, IReadOnlyDictionary<(string Scope, string Source), long> marks, DateTimeOffset now)
    {
        if (document is null)
        {
            return [];
        }

        var legacy = JsonSerializer.Deserialize<LegacySession>(document, Json) ?? new LegacySession();
        var session = new SessionEvent
        {
            After = JsonSerializer.Deserialize<SessionState>(document, Json) ?? new SessionState(),
            Kpis = Unapplied(legacy.Kpis, marks),
        };
        return [new JournalRow(StreamKeys.Session(sessionKey), 1, ImportedEventId, SessionEventTypes.Imported, now, now, JsonSerializer.Serialize(session, Json))];
    }

    /// <summary>
    /// The outbox's changes no scope applied yet: a scope applied a source's contributions in
    /// order and remembered the last one's number, so a change is unapplied when its
    /// contribution's number is above its scope's mark.
    /// </summary>
    private static List<KpiDelta> Unapplied(LegacyOutbox outbox, IReadOnlyDictionary<(string Scope, string Source), long> marks) =>
        [.. outbox.Pending.SelectMany(contribution => contribution.Deltas.Where(delta =>
            !marks.TryGetValue((delta.Scope.Key, contribution.Source), out var mark) || mark < contribution.Seq))];

    private static async Task<Dictionary<(string Scope, string Source), long>> ReadMarksAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] sources, CancellationToken cancellationToken)
    {
        var marks = new Dictionary<(string, string), long>();
        await using var command = new NpgsqlCommand("SELECT scope, source, seq FROM kpi_source_mark WHERE source = ANY($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = sources });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            marks[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }

        return marks;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<JournalRow> rows, bool onConflictDoNothing, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand($"""
            INSERT INTO journal (stream, seq, event_id, type, occurred_at, accepted_at, payload)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::json[])
            {(onConflictDoNothing ? "ON CONFLICT DO NOTHING" : "")}
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.Stream).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.Seq).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.EventId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.Type).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.OccurredAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.AcceptedAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(row => row.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An imported customer is due at once: waking it computes its next moment (expiry, deadlines) from its state.</summary>
    private static async Task SetDueNowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<string> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO stream_due (stream, due_at) SELECT unnest($1::text[]), $2
            ON CONFLICT (stream) DO UPDATE SET due_at = excluded.due_at
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = streams.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // For the command or receipt an imported row does not have: an unset JsonElement cannot be written.
    private static JsonElement EmptyObject { get; } = JsonSerializer.SerializeToElement(new { });

    private sealed record JournalRow(string Stream, long Seq, string EventId, string Type, DateTimeOffset OccurredAt, DateTimeOffset AcceptedAt, string Payload);

    /// <summary>What only the legacy customer document holds: its idempotency record and the messages it owed.</summary>
    private sealed class LegacyCustomer
    {
        public Dictionary<string, LegacyProcessed> Processed { get; set; } = [];

        public List<LegacyAward> PendingAwards { get; set; } = [];

        public List<LegacyConversion> PendingConversions { get; set; } = [];

        public LegacyOutbox Kpis { get; set; } = new();
    }

    private sealed class LegacySession
    {
        public LegacyOutbox Kpis { get; set; } = new();
    }

    private sealed class LegacyProcessed
    {
        public string Fingerprint { get; set; } = "";

        public JsonElement Receipt { get; set; }
    }

    private sealed record LegacyAward(string ReferrerId, DateTimeOffset OccurredAt);

    private sealed record LegacyConversion(string Storefront, string SessionId, string Market, DateTimeOffset PurchasedAt);

    private sealed class LegacyOutbox
    {
        public List<LegacyContribution> Pending { get; set; } = [];
    }

    private sealed record LegacyContribution(string Source, long Seq, DateTimeOffset AcceptedAt, IReadOnlyList<KpiDelta> Deltas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Importing the previous release's customers, sessions and KPI totals into the event journal")]
    private partial void LogImporting();

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Baselines} KPI scopes, {Customers} customers and {Sessions} sessions from the previous release")]
    private partial void LogImported(int baselines, int customers, int sessions);

    // The previous release stored hex-looking string keys as '~' + key, so Orleans would not read
    // them as numbers; '~' is outside the id alphabet, so any key that starts with it was so encoded.
    private static string LegacyGrainKey(string storedKey) =>
        storedKey.StartsWith('~') ? storedKey[1..] : storedKey;
}
