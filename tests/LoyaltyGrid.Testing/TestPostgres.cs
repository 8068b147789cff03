using System.Net;
using System.Net.Sockets;
using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Postgres.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoyaltyGrid.Testing;

/// <summary>
/// One throwaway PostgreSQL per test process, started with the product's own launcher from the
/// machine's PostgreSQL programs, and stopped when the process exits.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);

    /// <summary>Connection string of the server's maintenance database.</summary>
    public static async Task<string> AdminConnectionStringAsync()
    {
        var server = await Server.Value;
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString;
    }

    /// <summary>A new, empty database with a unique name.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var adminConnectionString = await AdminConnectionStringAsync();
        var name = $"t_{Sanitize(purpose)}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A new database with LoyaltyGrid's schema applied.</summary>
    public static async Task<string> CreateMigratedDatabaseAsync(string purpose)
    {
        var connectionString = await CreateDatabaseAsync(purpose);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, NullLogger.Instance).MigrateAsync();
        return connectionString;
    }

    /// <summary>A loopback TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Sanitize(string purpose) =>
        new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray());

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        TestTempFolders.DeleteAbandoned();
        var directory = TestTempFolders.OfThisProcess($"-{Guid.NewGuid():N}");
        var server = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = directory, Port = FreePort() }, NullLogger.Instance);
        await server.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // The next test process deletes what is left (TestTempFolders).
            }
        };
        return server;
    }
}
