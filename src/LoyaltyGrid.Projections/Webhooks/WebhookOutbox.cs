using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Journal;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>The delivery side of the outbox: claiming due deliveries, recording attempts, moving finished ones to the log, erasure.</summary>
public sealed class WebhookOutbox(NpgsqlDataSource dataSource) : INoticeOutbox
{
    /// <summary>
    /// Records the answered deliveries of a subscription's last batch (if any) and claims its next
    /// due ones, in one transaction: while a lane is busy, one commit per batch instead of two.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> SettleAndClaimAsync(
        string subscription, IReadOnlyList<AnsweredDelivery> answered, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(GenericPlans.ForThisTransaction));
        if (answered.Count > 0)
        {
            var delivered = new NpgsqlBatchCommand(WebhookSql.Delivered);
            AddDeliveredParameters(delivered.Parameters, subscription, answered);
            batch.BatchCommands.Add(delivered);
        }

        var claim = new NpgsqlBatchCommand(WebhookSql.Claim);
        claim.Parameters.Add(new NpgsqlParameter<string>("subscription", NpgsqlDbType.Text) { TypedValue = subscription });
        claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        claim.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = lease });
        claim.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        batch.BatchCommands.Add(claim);

        // Prepared at once (auto-preparation waits for a few uses on each pooled connection, and
        // a lane's statements are few): only a prepared statement keeps its generic plan.
        await batch.PrepareAsync(cancellationToken);
        var claimed = new List<ClaimedDelivery>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // Only the claim returns rows; the reader starts at the first statement's result.
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add(new ClaimedDelivery(subscription, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4)));
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Records the answered deliveries of one subscription's batch, in one statement.</summary>
    public async Task DeliveredAsync(string subscription, IReadOnlyList<AnsweredDelivery> answered, CancellationToken cancellationToken)
    {
        if (answered.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(WebhookSql.Delivered);
        AddDeliveredParameters(command.Parameters, subscription, answered);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddDeliveredParameters(NpgsqlParameterCollection parameters, string subscription, IReadOnlyList<AnsweredDelivery> answered)
    {
        parameters.Add(new NpgsqlParameter<string>("subscription", NpgsqlDbType.Text) { TypedValue = subscription });
        parameters.Add(new NpgsqlParameter<long[]>("journal_txs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. answered.Select(a => a.JournalTx)] });
        parameters.Add(new NpgsqlParameter<string[]>("event_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. answered.Select(a => a.EventId)] });
        parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("delivered_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. answered.Select(a => a.DeliveredAt)] });
        parameters.Add(new NpgsqlParameter<int[]>("last_status", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. answered.Select(a => a.Status)] });
    }

    /// <summary>Records a failed attempt: tried again at <paramref name="nextAttemptAt"/>, or, when it is null, failed for good (moved to the log).</summary>
    public async Task FailedAsync(ClaimedDelivery delivery, DateTimeOffset? nextAttemptAt, int? status, string error, CancellationToken cancellationToken)
    {
        await using var command = Keyed(nextAttemptAt is null ? WebhookSql.GiveUp : WebhookSql.Retry, delivery);
        if (nextAttemptAt is { } next)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("next_attempt_at", NpgsqlDbType.TimestampTz) { TypedValue = next });
        }

        command.Parameters.Add(new NpgsqlParameter("last_status", NpgsqlDbType.Integer) { Value = (object?)status ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string>("last_error", NpgsqlDbType.Text) { TypedValue = error });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        await using var command = Keyed(WebhookSql.Release, delivery);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The delivery log, newest first: the outbox's pending deliveries and the finished ones; <paramref name="status"/> null for every status.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRecord>> ListAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(status switch
        {
            null => WebhookSql.ListAll,
            WebhookStatus.Pending => WebhookSql.ListPending,
            _ => WebhookSql.ListFinished,
        });
        if (status is not null and not WebhookStatus.Pending)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("status", NpgsqlDbType.Text) { TypedValue = status });
        }

        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        var records = new List<WebhookDeliveryRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var recordStatus = reader.GetString(3);
            records.Add(new WebhookDeliveryRecord(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(0),
                recordStatus,
                reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                NullableTime(reader, 6),
                NullableTime(reader, 7),
                reader.IsDBNull(8) ? null : reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                recordStatus == WebhookStatus.Pending ? Later(reader.GetFieldValue<DateTimeOffset>(10), NullableTime(reader, 12)) : null,
                NullableTime(reader, 11)));
        }

        return records;
    }

    public async Task EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(WebhookSql.EraseCustomer);
        command.Parameters.Add(new NpgsqlParameter<string>("customer_id", NpgsqlDbType.Text) { TypedValue = customerId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Keyed(string sql, ClaimedDelivery delivery)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("subscription", NpgsqlDbType.Text) { TypedValue = delivery.Subscription });
        command.Parameters.Add(new NpgsqlParameter<long>("journal_tx", NpgsqlDbType.Bigint) { TypedValue = delivery.JournalTx });
        command.Parameters.Add(new NpgsqlParameter<string>("event_id", NpgsqlDbType.Text) { TypedValue = delivery.EventId });
        return command;
    }

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    // While a call is in flight, the next attempt is when its lease runs out, should its silo die.
    private static DateTimeOffset Later(DateTimeOffset due, DateTimeOffset? leaseUntil) =>
        leaseUntil is { } lease && lease > due ? lease : due;
}

/// <summary>
/// A delivery this silo claimed: its body and how many attempts (this one included) it has had.
/// It is keyed by its subscription, <paramref name="JournalTx"/> (the journal transaction that
/// carried the notice; 0 for deliveries queued before migration 0048) and its event id.
/// </summary>
public sealed record ClaimedDelivery(string Subscription, long JournalTx, string EventId, string Body, int Attempt, DateTimeOffset FirstAttemptAt);

/// <summary>A claimed delivery (by <see cref="ClaimedDelivery"/>'s key) its receiver answered with a 2xx <paramref name="Status"/>.</summary>
public sealed record AnsweredDelivery(long JournalTx, string EventId, DateTimeOffset DeliveredAt, int Status);

/// <summary>One row of the delivery log.</summary>
public sealed record WebhookDeliveryRecord(
    string Id,
    string Type,
    string Url,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FirstAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt);

/// <summary>The statuses of a delivery, as stored and as the delivery log filters them.</summary>
public static class WebhookStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Pending, Delivered, Failed];
}
