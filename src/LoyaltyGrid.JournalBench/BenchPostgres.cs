using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Postgres.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoyaltyGrid.JournalBench;

/// <summary>
/// One private PostgreSQL of the bench (the server's own embedded launcher, fsync and
/// synchronous_commit at their defaults, i.e. on), migrated to LoyaltyGrid's full schema.
/// </summary>
internal sealed partial class BenchPostgres : IAsyncDisposable
{
    private readonly EmbeddedPostgres _server;

    private BenchPostgres(EmbeddedPostgres server, NpgsqlDataSource dataSource)
    {
        _server = server;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public string ConnectionString => _server.ConnectionString;

    public static async Task<BenchPostgres> StartAsync(string directory, int port, ILogger logger)
    {
        var server = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = directory, Port = port, Database = "journalbench" }, logger);
        var connectionString = await server.StartAsync();
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 100 }.ConnectionString);
        await new SchemaMigrator(dataSource, logger).MigrateAsync();
        return new BenchPostgres(server, dataSource);
    }

    /// <summary>Empties the journal's tables, so every run appends to a journal of the same size.</summary>
    public async Task ClearJournalAsync()
    {
        await using var command = DataSource.CreateCommand("TRUNCATE journal, stream_snapshot, stream_due");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// pgbench's simple-update script (-N) against this server: the reference for what one commit
    /// per transaction costs on this machine at this moment. Initializes its tables on first use.
    /// </summary>
    public async Task<double> PgbenchAsync(int clients, int seconds)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        string[] connection = ["-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, builder.Database!];
        if (!await PgbenchTablesExistAsync())
        {
            await RunPgbenchAsync(builder.Password!, ["-i", "-q", "-s", "10", .. connection]);
        }

        var output = await RunPgbenchAsync(builder.Password!, ["-N", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), .. connection]);
        var match = TpsLine().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<bool> PgbenchTablesExistAsync()
    {
        await using var command = DataSource.CreateCommand("SELECT to_regclass('pgbench_accounts') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> RunPgbenchAsync(string password, string[] arguments)
    {
        var start = new ProcessStartInfo(FindPgbench()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pgbench did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"pgbench exited with {process.ExitCode}:\n{output}");
    }

    private static string FindPgbench()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")) : [])
            .Select(folder => Path.Combine(folder, "pgbench"));
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("pgbench was not found on PATH or in /usr/lib/postgresql/*/bin.");
    }

    // "tps = 7507.123 (without initial connection time)"
    [GeneratedRegex(@"tps = ([0-9.]+) \(without")]
    private static partial Regex TpsLine();
}
