using System.Net;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Server.Tests;

/// <summary>The server as an operator runs it: a real process, real ports, a real PostgreSQL.</summary>
public sealed class ServerStartupTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"lg-server-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task With_no_configuration_it_runs_on_a_private_postgres_says_so_and_stops_it_on_sigterm()
    {
        await using var server = ServerProcess.Start(EmbeddedDefault());

        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Contains("running on a private PostgreSQL", server.Output, StringComparison.Ordinal);
        Assert.Contains("Creating a private PostgreSQL cluster", server.Output, StringComparison.Ordinal);
        Assert.Contains("Applying migration 0001", server.Output, StringComparison.Ordinal);
        Assert.Contains($"listening on http://127.0.0.1:{server.HttpPort}", server.Output, StringComparison.Ordinal);
        Assert.Matches("storefront 'demo-store' key: sf_[0-9a-f]{40}", server.Output);
        Assert.Matches("ops key: ops_[0-9a-f]{40}", server.Output);

        await server.StopGracefullyAsync();

        Assert.Equal(0, server.ExitCode);
        Assert.Contains("Private PostgreSQL stopped", server.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "postgres", "postmaster.pid")));
    }

    [Fact]
    public async Task Killed_and_restarted_it_keeps_its_data_and_credentials()
    {
        var environment = EmbeddedDefault();
        await using var first = ServerProcess.Start(environment);
        await first.WaitUntilReadyAsync();
        await Sql.ExecuteAsync(EmbeddedConnectionString(), "CREATE TABLE survivor (note text); INSERT INTO survivor VALUES ('kept')");
        var firstOutput = first.Output;
        await first.KillAsync();

        await using var second = ServerProcess.Restart(first, environment);
        await second.WaitUntilReadyAsync();

        Assert.Equal("kept", await Sql.ScalarAsync<string>(EmbeddedConnectionString(), "SELECT note FROM survivor"));
        Assert.Contains("taking it over", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Applying migration", second.Output, StringComparison.Ordinal);
        Assert.Equal(StorefrontKey(firstOutput), StorefrontKey(second.Output));

        await second.StopGracefullyAsync();
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "postgres", "postmaster.pid")), "the restarted server owns and stops the PostgreSQL it took over");
    }

    [Fact]
    public async Task Three_servers_on_one_database_form_one_cluster()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("threesilos");
        var configured = new Dictionary<string, string> { ["ConnectionStrings__LoyaltyGrid"] = connectionString };
        var servers = Enumerable.Range(0, 3).Select(_ => ServerProcess.Start(configured)).ToList();
        try
        {
            await Task.WhenAll(servers.Select(server => server.WaitUntilReadyAsync()));

            Assert.All(servers, server => Assert.Contains("Using the PostgreSQL server of ConnectionStrings:LoyaltyGrid", server.Output, StringComparison.Ordinal));
            Assert.All(servers, server => Assert.DoesNotContain("private PostgreSQL", server.Output, StringComparison.Ordinal));
            var activePorts = await Sql.ListAsync<int>(connectionString, "SELECT port FROM cluster_silo WHERE status = 3 ORDER BY port");
            Assert.Equal(servers.Select(server => server.SiloPort).Order(), activePorts);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Without_postgres_programs_or_a_connection_string_it_exits_with_advice()
    {
        var missing = Directory.CreateDirectory(Path.Combine(_dataDirectory, "no-postgres-here")).FullName;
        var environment = EmbeddedDefault();
        environment["EmbeddedPostgres__BinDirectory"] = missing;
        await using var server = ServerProcess.Start(environment);

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("apt-get install postgresql", server.Output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__LoyaltyGrid", server.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> EmbeddedDefault() => new()
    {
        ["EmbeddedPostgres__DataDirectory"] = _dataDirectory,
        ["EmbeddedPostgres__Port"] = TestPostgres.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private string EmbeddedConnectionString()
    {
        var port = File.ReadAllLines(Path.Combine(_dataDirectory, "postgres", "postmaster.pid"))[3];
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture),
            Username = "loyaltygrid",
            Password = File.ReadAllText(Path.Combine(_dataDirectory, "postgres.password")).Trim(),
            Database = "loyaltygrid",
            Pooling = false,
        }.ConnectionString;
    }

    private static string StorefrontKey(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, "storefront 'demo-store' key: (sf_[0-9a-f]+)").Groups[1].Value;
}
