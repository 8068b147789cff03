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

    // FreePort's ports: the PortSpan ports below the kernel's ephemeral range, walked from a
    // random start.
    private const int PortSpan = 10_000;
    private static readonly Lock PortLock = new();
    private static readonly int EphemeralStart = ReadEphemeralStart();
    private static int _nextPort = Random.Shared.Next(PortSpan);

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

    /// <summary>
    /// A loopback TCP port nobody listens on right now, for a server this process starts next.
    /// Not one the kernel hands out itself (port 0): those come from the ephemeral range, where
    /// any outgoing connection of any process may take the port as its own end before the server
    /// binds it, and a server's silo port in CI was taken so. Ports below that range are only
    /// ever bound on purpose; each process walks them from a random start of its own, so that two
    /// test processes rarely try the same port in the moment before one binds it.
    /// </summary>
    public static int FreePort() => FreePorts(1);

    /// <summary>As <see cref="FreePort"/>, the first of <paramref name="count"/> consecutive free ports; the process hands none of them out again until it has walked the whole span.</summary>
    public static int FreePorts(int count)
    {
        lock (PortLock)
        {
            for (var tried = 0; tried < PortSpan; tried++)
            {
                var first = EphemeralStart - PortSpan + (_nextPort++ % (PortSpan - count + 1));
                if (Enumerable.Range(first, count).All(EmbeddedPostgres.IsPortFree))
                {
                    _nextPort += count - 1;
                    return first;
                }
            }
        }

        throw new InvalidOperationException($"No {count} free loopback ports below {EphemeralStart}.");
    }

    // Linux's first ephemeral port (32768 unless configured otherwise).
    private static int ReadEphemeralStart()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
            return Math.Max(int.Parse(first, System.Globalization.CultureInfo.InvariantCulture), PortSpan + 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 32768;
        }
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
