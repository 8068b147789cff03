using LoyaltyGrid.Postgres.Schema;
using LoyaltyGrid.Silo;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoyaltyGrid.Reliability.Tests.Upgrade;

/// <summary>The start-up import on its own, against the previous release's database: as two servers starting together run it.</summary>
public sealed class LegacyStateImportTests
{
    [Fact]
    public async Task Two_imports_at_once_carry_every_customer_over_exactly_once()
    {
        var connectionString = await PreviousReleaseUpgradeTests.RestoreAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, NullLogger.Instance).MigrateAsync();
        var scopes = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM kpi_scope");
        var customers = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state WHERE state_name = 'customer'");
        var sessions = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state WHERE state_name = 'session'");

        // Batches of two, so each import commits several times and a second one could interleave if the lock let it.
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Task.Run(() => new LegacyStateImport(dataSource, TimeProvider.System, NullLogger.Instance, batchSize: 2).RunAsync(CancellationToken.None))));

        Assert.Equal(customers, results.Sum(result => result.Customers));
        Assert.Equal(sessions, results.Sum(result => result.Sessions));
        Assert.Equal(customers, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM journal WHERE type = 'imported'"));
        Assert.Equal(sessions, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM journal WHERE type = 'session-imported'"));
        Assert.Equal(scopes, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM journal WHERE type = 'kpi-baseline'"));
        Assert.Equal(customers, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM stream_due WHERE stream LIKE 'c:%'"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state WHERE state_name IN ('customer', 'session')"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM kpi_scope") + await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM kpi_source_mark"));
        // The stored key '~4711' is the grain key '4711'.
        Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM journal WHERE stream = 'c:4711' AND type = 'imported'"));

        Assert.Equal((0, 0), await new LegacyStateImport(dataSource, TimeProvider.System, NullLogger.Instance).RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_new_database_has_nothing_to_import()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("noimport");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Assert.Equal((0, 0), await new LegacyStateImport(dataSource, TimeProvider.System, NullLogger.Instance).RunAsync(CancellationToken.None));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM journal"));
    }
}
