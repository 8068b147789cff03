using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Journal.Projections;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>
/// Turns the notices journaled with every event (any stream) into webhook deliveries: one outbox
/// row per (notice, subscription that wants its type), inserted in the transaction that moves the
/// projection's checkpoint, so no notice is lost or doubled by a crash. The rows are keyed by the
/// notice's place in the journal, so a rebuild of this projection inserts nothing new.
/// </summary>
/// <remarks>
/// Every purchase passes through here, so the common case must cost next to nothing: without
/// subscriptions a page is skipped outright, and a payload without the <c>notices</c> property
/// (most of them) is skipped by a substring test before any JSON is read.
/// </remarks>
public sealed class NoticeProjection(IOptions<WebhookOptions> options, WebhookSignal signal, TimeProvider clock) : IProjection
{
    public const string ProjectionName = "webhook-notices";

    private const string NoticesProperty = "\"notices\":";

    private int _inserted;

    public string Name => ProjectionName;

    public async Task ApplyAsync(ProjectionPage page, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var subscriptions = options.Value.Subscriptions;
        if (subscriptions.Count == 0)
        {
            return;
        }

        var rows = new Rows();
        foreach (var entry in page.Entries)
        {
            if (!entry.Payload.Contains(NoticesProperty, StringComparison.Ordinal))
            {
                continue;
            }

            var notices = JournaledEvent.NoticesOf(entry.Payload);
            for (var index = 0; index < notices.Count; index++)
            {
                var notice = notices[index];
                var id = WebhookEvent.IdOf(entry.Stream, entry.Sequence, index);
                string? body = null;
                foreach (var subscription in subscriptions)
                {
                    if (subscription.Wants(notice.WebhookType))
                    {
                        rows.Add(subscription.Url, entry.Position.TransactionId, id, notice, body ??= WebhookEvent.BodyOf(id, notice));
                    }
                }
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        // Planned once: a custom plan for a page's arrays cost ~1 ms a page (pg_stat_statements).
        await using var insert = new NpgsqlCommand($"{GenericPlans.ForThisTransaction};\n{WebhookSql.Insert}", connection, transaction);
        var now = clock.GetUtcNow();
        insert.Parameters.Add(new NpgsqlParameter<string[]>("subscriptions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Subscriptions] });
        insert.Parameters.Add(new NpgsqlParameter<long[]>("journal_txs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. rows.JournalTxs] });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Ids] });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Types] });
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("customers", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Customers] });
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("streams", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.CustomerStreams] });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("erasure_streams", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.DistinctCustomerStreams] });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. rows.Bodies] });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        insert.Parameters.Add(new NpgsqlParameter<string>("erasure_id", NpgsqlDbType.Text) { TypedValue = CustomerEventTypes.Erasure });
        // Prepared at once, not after a few uses per pooled connection as auto-preparation would:
        // only a prepared statement keeps a plan, generic or not.
        await insert.PrepareAsync(cancellationToken);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        Interlocked.Exchange(ref _inserted, 1);
    }

    // The outbox is not kept per generation: a rebuild meets the rows it would insert already there.
    public Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task CommittedAsync(ProjectionPage page, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _inserted, 0) == 1)
        {
            signal.Notify();
        }

        return Task.CompletedTask;
    }

    private sealed class Rows
    {
        public List<string> Subscriptions { get; } = [];
        /// <summary>The journal transaction of each row's entry: the outbox's keys grow with it (migration 0048).</summary>
        public List<long> JournalTxs { get; } = [];
        public List<string> Ids { get; } = [];
        public List<string> Types { get; } = [];
        public List<string?> Customers { get; } = [];
        /// <summary>The stream of the customer each row names (null: none), where its erasure would be journaled.</summary>
        public List<string?> CustomerStreams { get; } = [];
        public HashSet<string> DistinctCustomerStreams { get; } = new(StringComparer.Ordinal);
        public List<string> Bodies { get; } = [];

        public int Count => Ids.Count;

        public void Add(string subscription, ulong journalTx, string id, Notice notice, string body)
        {
            Subscriptions.Add(subscription);
            JournalTxs.Add(checked((long)journalTx));
            Ids.Add(id);
            Types.Add(notice.WebhookType);
            Customers.Add(notice.AboutCustomer);
            var stream = notice.AboutCustomer is { } customer ? StreamKeys.Customer(customer) : null;
            CustomerStreams.Add(stream);
            if (stream is not null)
            {
                DistinctCustomerStreams.Add(stream);
            }
            Bodies.Add(body);
        }
    }
}
