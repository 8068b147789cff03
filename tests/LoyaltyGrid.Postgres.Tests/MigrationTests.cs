using LoyaltyGrid.Postgres.Schema;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoyaltyGrid.Postgres.Tests;

public sealed class MigrationTests
{
    private static readonly string[] OrleansQueryKeys =
    [
        // clustering
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        // persistence
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        // reminders
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task An_empty_database_gets_every_migration_and_every_Orleans_query()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("empty"));

        var applied = await new SchemaMigrator(dataSource, NullLogger.Instance).MigrateAsync();

        Assert.Equal(Migration.All.Select(m => m.Version), applied.Select(m => m.Version));
        Assert.Equal(Migration.All.Select(m => m.Version), await ScalarsAsync<int>(dataSource, "SELECT version FROM schema_migration ORDER BY version"));
        var keys = await ScalarsAsync<string>(dataSource, "SELECT querykey FROM orleansquery");
        Assert.Equal(OrleansQueryKeys.Order(), keys.Order());
    }

    [Fact]
    public async Task Running_again_applies_nothing_and_changes_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("rerun"));
        var migrator = new SchemaMigrator(dataSource, NullLogger.Instance);
        await migrator.MigrateAsync();
        var firstAppliedAt = await ScalarsAsync<DateTime>(dataSource, "SELECT applied_at FROM schema_migration ORDER BY version");

        var second = await migrator.MigrateAsync();

        Assert.Empty(second);
        Assert.Equal(firstAppliedAt, await ScalarsAsync<DateTime>(dataSource, "SELECT applied_at FROM schema_migration ORDER BY version"));
    }

    [Fact]
    public async Task Concurrent_runs_apply_each_migration_exactly_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("concurrent");
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToList();
        try
        {
            var runs = await Task.WhenAll(dataSources.Select(ds => new SchemaMigrator(ds, NullLogger.Instance).MigrateAsync()));

            Assert.Equal(Migration.All.Count, runs.Sum(applied => applied.Count));
            Assert.Single(runs, applied => applied.Count == Migration.All.Count);
            Assert.Equal(Migration.All.Count, (await ScalarsAsync<long>(dataSources[0], "SELECT count(*) FROM schema_migration")).Single());
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_later_migration_is_applied_on_top_of_an_existing_schema()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("later"));
        var first = Migration.All.Take(2).ToList();
        await new SchemaMigrator(dataSource, NullLogger.Instance, first).MigrateAsync();

        var rest = await new SchemaMigrator(dataSource, NullLogger.Instance).MigrateAsync();

        Assert.Equal(Migration.All.Skip(2).Select(m => m.Version), rest.Select(m => m.Version));
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_is_refused()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("edited"));
        await new SchemaMigrator(dataSource, NullLogger.Instance).MigrateAsync();
        var edited = Migration.All.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited" } : m).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(dataSource, NullLogger.Instance, edited).MigrateAsync());

        Assert.Contains("0001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_leaves_no_trace_and_the_earlier_ones_stay()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("failing"));
        var broken = Migration.All.Append(new Migration(9999, "broken", "CREATE TABLE half_done (id int); SELECT 1/0;")).ToList();

        await Assert.ThrowsAsync<PostgresException>(() => new SchemaMigrator(dataSource, NullLogger.Instance, broken).MigrateAsync());

        Assert.Equal(Migration.All.Count, (await ScalarsAsync<long>(dataSource, "SELECT count(*) FROM schema_migration")).Single());
        Assert.Equal(0, (await ScalarsAsync<long>(dataSource, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'")).Single());
    }

    internal static async Task<List<T>> ScalarsAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
