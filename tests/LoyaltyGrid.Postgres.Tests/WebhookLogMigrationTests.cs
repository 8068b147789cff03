using LoyaltyGrid.Postgres.Schema;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoyaltyGrid.Postgres.Tests;

/// <summary>
/// Migration 0047 splits the webhook outbox from the log of finished deliveries: on a database
/// that already has deliveries, the pending ones stay in the outbox as they were and the delivered
/// and failed ones move to the log with everything the log shows.
/// </summary>
public sealed class WebhookLogMigrationTests
{
    private const int LogMigration = 47;

    [Fact]
    public async Task Finished_deliveries_move_to_the_log_and_pending_ones_stay_in_the_outbox()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("webhook-log");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, NullLogger.Instance, [.. Migration.All.Where(m => m.Version < LogMigration)]).MigrateAsync();
        await ExecuteAsync(dataSource, """
            INSERT INTO webhook_delivery (subscription, event_id, type, customer_id, body, status, created_at, next_attempt_at, attempts,
                                          first_attempt_at, last_attempt_at, last_status, last_error, delivered_at, lease_until)
            VALUES ('s', 'evt_pending', 'tier.changed', 'c-1', '{"p":1}', 'pending', '2026-12-01 10:00Z', '2026-12-01 11:00Z', 2,
                    '2026-12-01 10:00Z', '2026-12-01 10:30Z', 503, 'answered 503', NULL, NULL),
                   ('s', 'evt_delivered', 'tier.changed', 'c-1', '{"d":1}', 'delivered', '2026-12-01 10:01Z', '2026-12-01 10:01Z', 1,
                    '2026-12-01 10:01Z', '2026-12-01 10:01Z', 204, NULL, '2026-12-01 10:01:01Z', NULL),
                   ('s', 'evt_failed', 'alert.firing', NULL, '{"f":1}', 'failed', '2026-11-29 10:00Z', '2026-11-30 10:00Z', 30,
                    '2026-11-29 10:00Z', '2026-11-30 10:00Z', NULL, 'no answer', NULL, NULL)
            """);

        var applied = await new SchemaMigrator(dataSource, NullLogger.Instance).MigrateAsync();

        Assert.Contains(applied, m => m.Version == LogMigration);
        Assert.Equal(
            ["evt_pending tier.changed c-1 {\"p\":1} 2 503 answered 503"],
            await Sql.ListAsync<string>(connectionString,
                "SELECT event_id || ' ' || type || ' ' || customer_id || ' ' || body || ' ' || attempts || ' ' || last_status || ' ' || last_error FROM webhook_delivery"));
        Assert.Equal(
            [
                "evt_delivered tier.changed c-1 delivered 1 204 - 2026-12-01 10:01:01",
                "evt_failed alert.firing - failed 30 - no answer -",
            ],
            await Sql.ListAsync<string>(connectionString, """
                SELECT event_id || ' ' || type || ' ' || coalesce(customer_id, '-') || ' ' || status || ' ' || attempts || ' '
                       || coalesce(last_status::text, '-') || ' ' || coalesce(last_error, '-') || ' ' || coalesce(to_char(delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '-')
                FROM webhook_delivery_log ORDER BY event_id
                """));
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
