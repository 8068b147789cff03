using LoyaltyGrid.Testing;
using Npgsql;
using Orleans.TestingHost;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>A database and a two-silo cluster on it, for one test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("cluster");
        Database = NpgsqlDataSource.Create(connectionString);
        Cluster = await LoyaltyGridTestCluster.StartAsync(connectionString, silos: 2);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }
}
