using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoyaltyGrid.Reliability.Tests.Grid;

/// <summary>
/// A PostgreSQL of this test's own (the product's embedded launcher on a private folder and
/// port), so stopping it never disturbs the shared test PostgreSQL other test classes use.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly EmbeddedPostgresOptions _options;
    private EmbeddedPostgres? _server;

    private PrivatePostgres(EmbeddedPostgresOptions options) => _options = options;

    public string ConnectionString { get; private set; } = "";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), $"loyaltygrid-reliability-{Environment.ProcessId}-{Guid.NewGuid():N}"),
            Port = TestPostgres.FreePort(),
            Database = "reliability",
        };
        var postgres = new PrivatePostgres(options);
        await postgres.StartServerAsync();
        return postgres;
    }

    /// <summary>pg_ctl stop -m fast: every connection is cut and new ones are refused.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    /// <summary>Starts the same cluster again on the same port.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_options.DataDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private async Task StartServerAsync()
    {
        var server = new EmbeddedPostgres(_options, NullLogger.Instance);
        ConnectionString = await server.StartAsync();
        _server = server;
    }
}
