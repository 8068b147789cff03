using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Api.Tests.Support;

/// <summary>
/// One real server process per test class, on a database of its own, configured through
/// environment variables as an operator would. Subclasses add settings for the few classes
/// that need other limits.
/// </summary>
public class ApiServer : IAsyncLifetime
{
    private HttpClient? _http;

    public ServerProcess Process { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public Dictionary<string, string> Environment { get; } = TestKeys.Environment();

    public ApiClient Api => new(_http ?? throw new InvalidOperationException("The server has not started."));

    protected virtual string Purpose => "api";

    protected virtual void Configure(Dictionary<string, string> environment)
    {
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync(Purpose);
        Environment["ConnectionStrings__LoyaltyGrid"] = ConnectionString;
        Configure(Environment);
        Process = ServerProcess.Start(Environment);
        await Process.WaitUntilReadyAsync();
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = Process.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Kills the process without warning (SIGKILL) and starts a new one on the same ports and database.</summary>
    public async Task KillAndRestartAsync()
    {
        var previous = Process;
        await previous.KillAsync();
        Process = ServerProcess.Restart(previous, Environment);
        await previous.DisposeAsync();
        await Process.WaitUntilReadyAsync();
    }

    /// <summary>The stored customer grain state as jsonb text, or null when there is no row.</summary>
    /// <summary>Everything stored of a customer: its journal entries' payloads and its snapshot, as one text; null when nothing is.</summary>
    public async Task<string?> CustomerPayloadAsync(string customerId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(payload, E'\n' ORDER BY ord)
            FROM (SELECT seq AS ord, payload::text AS payload FROM journal WHERE stream = 'c:' || @id
                  UNION ALL
                  SELECT 9223372036854775807, payload::text FROM stream_snapshot WHERE stream = 'c:' || @id) AS stored
            """, connection);
        command.Parameters.AddWithValue("id", customerId);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>The customer's latest snapshot, once its grain stored one (on deactivation or every few events).</summary>
    public async Task<string?> CustomerSnapshotAsync(string customerId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload::text FROM stream_snapshot WHERE stream = 'c:' || @id", connection);
        command.Parameters.AddWithValue("id", customerId);
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }
}
