using System.Text.Json;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Journal.Projections;
using LoyaltyGrid.Projections.Webhooks;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// The notice projection's insert into the webhook outbox, on a database of its own: one row per
/// notice and subscription, none for a customer whose erasure the journal already holds (a page
/// read before the erasure scrubbed it must not bring the deliveries back), and nothing twice when
/// a page is applied again (as a rebuild of the projection does), also once a delivery has left
/// the outbox for the log of finished ones.
/// </summary>
public sealed class NoticeOutboxTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 16, 0, 0, TimeSpan.Zero);

    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateMigratedDatabaseAsync("notice-outbox");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task A_page_becomes_one_delivery_per_notice_and_subscription_except_for_customers_already_erased()
    {
        await JournalErasureAsync("erased-1");
        var projection = Projection("http://127.0.0.1:1/a", "http://127.0.0.1:1/b");
        // Each customer is named by two notices of the page, so the erasure lookup meets repeats.
        var page = Page(
            Entry("kept-1", 1, Tier("kept-1", "Member", "Silver"), Tier("erased-1", "Member", "Silver")),
            Entry("erased-1", 2, Tier("erased-1", "Silver", "Gold")),
            Entry("kept-2", 1, Tier("kept-2", "Member", "Silver"), Tier("kept-1", "Silver", "Gold")));

        await ApplyAsync(projection, page);
        await ApplyAsync(projection, page);

        var rows = await DeliveriesAsync();
        Assert.Equal(
            [
                ("http://127.0.0.1:1/a", "kept-1", "Member→Silver"),
                ("http://127.0.0.1:1/a", "kept-1", "Silver→Gold"),
                ("http://127.0.0.1:1/a", "kept-2", "Member→Silver"),
                ("http://127.0.0.1:1/b", "kept-1", "Member→Silver"),
                ("http://127.0.0.1:1/b", "kept-1", "Silver→Gold"),
                ("http://127.0.0.1:1/b", "kept-2", "Member→Silver"),
            ],
            rows);
    }

    [Fact]
    public async Task A_finished_delivery_is_not_queued_again_when_its_page_is_applied_again()
    {
        var projection = Projection("http://127.0.0.1:1/a", "http://127.0.0.1:1/b");
        var entry = Entry("kept-3", 1, Tier("kept-3", "Member", "Silver"));
        var id = WebhookEvent.IdOf(entry.Stream, entry.Sequence, 0);
        await ApplyAsync(projection, Page(entry));

        var answered = new AnsweredDelivery(checked((long)entry.Position.TransactionId), id, Now, 204);
        await new WebhookOutbox(_dataSource).DeliveredAsync("http://127.0.0.1:1/a", [answered], CancellationToken.None);
        await ApplyAsync(projection, Page(entry));

        Assert.Equal([("http://127.0.0.1:1/b", "kept-3", "Member→Silver")], await DeliveriesAsync());
        Assert.Equal(
            "http://127.0.0.1:1/a " + id + " delivered 204 kept-3",
            await Sql.ScalarAsync<string>(_connectionString, "SELECT string_agg(subscription || ' ' || event_id || ' ' || status || ' ' || last_status || ' ' || customer_id, ',') FROM webhook_delivery_log"));
    }

    [Fact]
    public async Task Deliveries_stored_before_they_were_keyed_by_journal_transaction_are_not_queued_again()
    {
        var projection = Projection("http://127.0.0.1:1/a", "http://127.0.0.1:1/b");
        var entry = Entry("kept-4", 1, Tier("kept-4", "Member", "Silver"));
        var id = WebhookEvent.IdOf(entry.Stream, entry.Sequence, 0);
        // As migration 0048 left them: journal_tx 0, one still in the outbox and one in the log.
        await ExecuteAsync($"""
            INSERT INTO webhook_delivery (subscription, journal_tx, event_id, type, customer_id, body, created_at, next_attempt_at)
            VALUES ('http://127.0.0.1:1/a', 0, '{id}', 'tier.changed', 'kept-4', 'null', now(), now())
            """);
        await ExecuteAsync($"""
            INSERT INTO webhook_delivery_log (subscription, journal_tx, event_id, type, customer_id, status, created_at, attempts)
            VALUES ('http://127.0.0.1:1/b', 0, '{id}', 'tier.changed', 'kept-4', 'delivered', now(), 1)
            """);

        await ApplyAsync(projection, Page(entry));

        Assert.Equal(["http://127.0.0.1:1/a 0"], await Sql.ListAsync<string>(_connectionString, "SELECT subscription || ' ' || journal_tx FROM webhook_delivery"));
    }

    private static NoticeProjection Projection(params string[] urls) =>
        new(
            Options.Create(new WebhookOptions { Subscriptions = [.. urls.Select(url => new WebhookSubscription { Url = url, Secret = "s" })] }),
            new WebhookSignal(),
            TimeProvider.System);

    private static TierChangedNotice Tier(string customer, string from, string to) => new(customer, Now, from, to);

    private static JournalEntry Entry(string customer, long sequence, params Notice[] notices)
    {
        var payload = JsonSerializer.Serialize(new JournaledEvent { Notices = notices }, JournaledEvent.Json);
        var stream = StreamKeys.Customer(customer);
        return new JournalEntry(stream, sequence, $"purchase:{sequence}", CustomerEventTypes.Purchase, Now, Now, payload, new JournalPosition(1, stream, sequence));
    }

    private static ProjectionPage Page(params JournalEntry[] entries) =>
        new(NoticeProjection.ProjectionName, 1, JournalPosition.Start, entries[^1].Position, entries);

    private async Task ApplyAsync(NoticeProjection projection, ProjectionPage page)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await projection.ApplyAsync(page, connection, transaction, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task JournalErasureAsync(string customer)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO journal (stream, seq, event_id, type, occurred_at, accepted_at, payload) VALUES (@stream, 3, @event_id, @event_id, @now, @now, '{}')");
        command.Parameters.AddWithValue("stream", StreamKeys.Customer(customer));
        command.Parameters.AddWithValue("event_id", CustomerEventTypes.Erasure);
        command.Parameters.AddWithValue("now", Now);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<(string Subscription, string Customer, string Change)>> DeliveriesAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT subscription, customer_id, body FROM webhook_delivery");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            var data = JsonDocument.Parse(reader.GetString(2)).RootElement.GetProperty("data");
            rows.Add((reader.GetString(0), reader.GetString(1), $"{data.GetProperty("from").GetString()}→{data.GetProperty("to").GetString()}"));
        }

        return [.. rows.Order()];
    }
}
