using System.Net;
using System.Net.Sockets;
using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoyaltyGrid.Postgres.Tests;

public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"lg-embedded-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_fresh_folder_gets_a_new_cluster_and_database_and_a_clean_stop()
    {
        var options = Options();
        string connectionString;
        await using (var server = new EmbeddedPostgres(options, NullLogger.Instance))
        {
            connectionString = await server.StartAsync();

            Assert.True(File.Exists(Path.Combine(server.ClusterDirectory, "PG_VERSION")));
            Assert.Equal("loyaltygrid", await ScalarAsync<string>(connectionString, "SELECT current_database()"));
            Assert.Equal("127.0.0.1", await ScalarAsync<string>(connectionString, "SHOW listen_addresses"));
        }

        Assert.False(File.Exists(Path.Combine(_directory, "postgres", "postmaster.pid")), "a clean stop removes postmaster.pid");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(connectionString, "SELECT 1"));
    }

    [Fact]
    public async Task The_next_start_reuses_the_folder_and_keeps_the_data()
    {
        var options = Options();
        await using (var first = new EmbeddedPostgres(options, NullLogger.Instance))
        {
            var connectionString = await first.StartAsync();
            await ScalarAsync<int>(connectionString, "CREATE TABLE kept (value int); INSERT INTO kept VALUES (42); SELECT 1");
        }

        await using var second = new EmbeddedPostgres(options, NullLogger.Instance);
        var reopened = await second.StartAsync();

        Assert.Equal(42, await ScalarAsync<int>(reopened, "SELECT value FROM kept"));
    }

    [Fact]
    public async Task A_server_left_running_by_a_killed_process_is_adopted_and_left_to_its_owner()
    {
        var options = Options();
        await using var owner = new EmbeddedPostgres(options, NullLogger.Instance);
        await owner.StartAsync();

        string adoptedConnectionString;
        await using (var adopter = new EmbeddedPostgres(options with { Port = TestPostgres.FreePort() }, NullLogger.Instance))
        {
            adoptedConnectionString = await adopter.StartAsync();
            Assert.Equal(owner.Port, adopter.Port);
        }

        Assert.Equal(1, await ScalarAsync<int>(adoptedConnectionString, "SELECT 1"));
    }

    [Fact]
    public async Task A_server_whose_owner_is_gone_is_taken_over_and_stopped_by_the_next_process()
    {
        var options = Options();
        await using var killedOwner = new EmbeddedPostgres(options, NullLogger.Instance);
        await killedOwner.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(_directory, "owner.pid"), DeadProcessId().ToString(System.Globalization.CultureInfo.InvariantCulture));

        await using (var successor = new EmbeddedPostgres(options, NullLogger.Instance))
        {
            await successor.StartAsync();
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), await File.ReadAllTextAsync(Path.Combine(_directory, "owner.pid")));
        }

        Assert.False(File.Exists(Path.Combine(_directory, "postgres", "postmaster.pid")), "the successor stopped the server it took over");
    }

    [Fact]
    public async Task A_port_taken_by_another_program_gives_a_clear_error()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var server = new EmbeddedPostgres(Options() with { Port = takenPort }, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => server.StartAsync());

        Assert.Contains($"port {takenPort}", error.Message, StringComparison.Ordinal);
        Assert.Contains("EmbeddedPostgres__Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_server_programs_give_a_clear_error()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "no-binaries")).FullName;
        await using var server = new EmbeddedPostgres(Options() with { BinDirectory = empty }, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => server.StartAsync());

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__LoyaltyGrid", error.Message, StringComparison.Ordinal);
    }

    private static int DeadProcessId()
    {
        using var finished = System.Diagnostics.Process.Start("true");
        finished.WaitForExit();
        return finished.Id;
    }

    private EmbeddedPostgresOptions Options() => new() { DataDirectory = _directory, Port = TestPostgres.FreePort() };

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
