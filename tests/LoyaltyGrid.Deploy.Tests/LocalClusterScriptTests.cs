using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>
/// deploy/local-cluster.sh run as a developer runs it: real builds, real server processes on
/// loopback, a real PostgreSQL, and a stop that must leave nothing behind. It runs in a temporary
/// folder of its own, so its run folder (.local-cluster/) never lands in the repository.
/// </summary>
public sealed class LocalClusterScriptTests : IDisposable
{
    private static readonly TimeSpan ScriptPatience = TimeSpan.FromMinutes(3);

    private readonly string _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"lg-local-cluster-{Guid.NewGuid():N}")).FullName;

    public LocalClusterScriptTests()
    {
        // As root, the embedded PostgreSQL runs as the postgres user, which must reach its folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private string RunDirectory => Path.Combine(_work, ".local-cluster");

    public void Dispose()
    {
        // After a failed test, nothing it started may outlive it.
        foreach (var silo in ReadState())
        {
            if (IsRunning(silo.Pid))
            {
                Process.GetProcessById(silo.Pid).Kill();
            }
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    [Fact]
    public async Task Start_3_on_a_configured_database_forms_one_cluster_and_stop_leaves_nothing_running()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("localcluster");
        var (http, silo, gateway) = FreePortRanges(3);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__LoyaltyGrid"] = connectionString,
            ["LOCAL_CLUSTER_HTTP_PORT"] = $"{http}",
            ["LOCAL_CLUSTER_SILO_PORT"] = $"{silo}",
            ["LOCAL_CLUSTER_GATEWAY_PORT"] = $"{gateway}",
        };

        var start = await RunScriptAsync(environment, "start", "3");

        Assert.True(start.ExitCode == 0, start.Output);
        Assert.Contains("Building LoyaltyGrid.Server", start.Output, StringComparison.Ordinal);
        var silos = ReadState();
        Assert.Equal([0, 1, 2], silos.Select(s => s.Index));
        Assert.Equal([http, http + 1, http + 2], silos.Select(s => s.HttpPort));
        Assert.Equal([silo, silo + 1, silo + 2], silos.Select(s => s.SiloPort));
        Assert.Equal([gateway, gateway + 1, gateway + 2], silos.Select(s => s.GatewayPort));
        Assert.Contains("Database: ConnectionStrings__LoyaltyGrid", start.Output, StringComparison.Ordinal);
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            foreach (var server in silos)
            {
                Assert.Contains($"http://127.0.0.1:{server.HttpPort}", start.Output, StringComparison.Ordinal);
                using var ready = await client.GetAsync(new Uri($"http://127.0.0.1:{server.HttpPort}/readyz"));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
        }

        Assert.Equal(3L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM cluster_silo WHERE status = 3"));
        Assert.Equal(silos.Select(s => s.SiloPort), await Sql.ListAsync<int>(connectionString, "SELECT port FROM cluster_silo WHERE status = 3 ORDER BY port"));

        var status = await RunScriptAsync(environment, "status");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("3 of 3 silo(s) running", status.Output, StringComparison.Ordinal);

        var again = await RunScriptAsync(environment, "start", "3", "--no-build");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already running", again.Output, StringComparison.Ordinal);

        var stop = await RunScriptAsync(environment, "stop");

        Assert.True(stop.ExitCode == 0, stop.Output);
        Assert.Contains("Stopped 3 silo(s)", stop.Output, StringComparison.Ordinal);
        // Last started first.
        var order = silos.Select(s => stop.Output.IndexOf($"silo {s.Index + 1} (pid {s.Pid}): stopped", StringComparison.Ordinal)).ToList();
        Assert.All(order, position => Assert.True(position >= 0, stop.Output));
        Assert.True(order[2] < order[1] && order[1] < order[0], stop.Output);
        Assert.All(silos, s => Assert.False(IsRunning(s.Pid), $"silo {s.Index + 1} (pid {s.Pid}) still runs"));
        Assert.Empty(ProcessesIn(_work));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM cluster_silo WHERE status = 3"));

        var after = await RunScriptAsync(environment, "status");
        Assert.Equal(3, after.ExitCode);
    }

    [Fact]
    public async Task Start_2_without_a_database_shares_the_first_silos_private_postgres_and_stop_stops_it_last()
    {
        var (http, silo, gateway) = FreePortRanges(2);
        var environment = new Dictionary<string, string>
        {
            ["EmbeddedPostgres__Port"] = $"{TestPostgres.FreePort()}",
        };

        // The test run built the server in this configuration already; the other test covers the build.
        var start = await RunScriptAsync(environment, "start", "2", "--no-build", "--http-port", $"{http}", "--silo-port", $"{silo}", "--gateway-port", $"{gateway}");

        Assert.True(start.ExitCode == 0, start.Output);
        Assert.DoesNotContain("Building", start.Output, StringComparison.Ordinal);
        var data = Path.Combine(RunDirectory, "loyaltygrid-data");
        Assert.Contains($"embedded private PostgreSQL in {data}", start.Output, StringComparison.Ordinal);
        var first = await File.ReadAllTextAsync(Path.Combine(RunDirectory, "silo-1.log"));
        var second = await File.ReadAllTextAsync(Path.Combine(RunDirectory, "silo-2.log"));
        Assert.Contains("Starting private PostgreSQL", first, StringComparison.Ordinal);
        Assert.Contains("for another LoyaltyGrid process; sharing it", second, StringComparison.Ordinal);
        Assert.Equal(StorefrontKey(first), StorefrontKey(second));
        Assert.Contains(Path.Combine(data, "dev-credentials.json"), start.Output, StringComparison.Ordinal);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = int.Parse((await File.ReadAllLinesAsync(Path.Combine(data, "postgres", "postmaster.pid")))[3], System.Globalization.CultureInfo.InvariantCulture),
            Username = "loyaltygrid",
            Password = (await File.ReadAllTextAsync(Path.Combine(data, "postgres.password"))).Trim(),
            Database = "loyaltygrid",
            Pooling = false,
        }.ConnectionString;
        Assert.Equal([silo, silo + 1], await Sql.ListAsync<int>(connectionString, "SELECT port FROM cluster_silo WHERE status = 3 ORDER BY port"));

        var silos = ReadState();
        var stop = await RunScriptAsync(environment, "stop");

        Assert.True(stop.ExitCode == 0, stop.Output);
        Assert.All(silos, s => Assert.False(IsRunning(s.Pid)));
        Assert.Contains("Private PostgreSQL stopped", await File.ReadAllTextAsync(Path.Combine(RunDirectory, "silo-1.log")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "postgres", "postmaster.pid")), "the private PostgreSQL still runs");
        Assert.Empty(ProcessesIn(_work));
    }

    private static string StorefrontKey(string log) =>
        System.Text.RegularExpressions.Regex.Match(log, "storefront 'demo-store' key: (sf_[0-9a-f]+)").Groups[1].Value is { Length: > 0 } key
            ? key
            : throw new InvalidOperationException($"No storefront key in:\n{log}");

    private async Task<(int ExitCode, string Output)> RunScriptAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = _work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Repo.Deploy("local-cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test says: nothing inherited may point the script elsewhere.
        foreach (var inherited in start.Environment.Keys.Where(key =>
            key.StartsWith("LOCAL_CLUSTER_", StringComparison.Ordinal) || key.Contains("__", StringComparison.Ordinal) || key == "ASPNETCORE_ENVIRONMENT").ToList())
        {
            start.Environment.Remove(inherited);
        }

        // The configuration this test assembly was built in; its build has built the server too,
        // so the script's own build has little left to do.
        start.Environment["LOCAL_CLUSTER_CONFIGURATION"] = typeof(LocalClusterScriptTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(ScriptPatience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"local-cluster.sh {string.Join(' ', arguments)} did not finish in {ScriptPatience}:\n{output}");
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>The script's record of what it started: index pid http silo gateway per line.</summary>
    private List<(int Index, int Pid, int HttpPort, int SiloPort, int GatewayPort)> ReadState()
    {
        var file = Path.Combine(RunDirectory, "silos");
        if (!File.Exists(file))
        {
            return [];
        }

        return File.ReadAllLines(file)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' ').Select(part => int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .Select(fields => (fields[0], fields[1], fields[2], fields[3], fields[4]))
            .ToList();
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            // Field 3 of /proc/<pid>/stat is the state; a zombie has exited and only waits to be reaped.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Live processes whose working directory is inside <paramref name="folder"/>.</summary>
    private static List<string> ProcessesIn(string folder)
    {
        var found = new List<string>();
        foreach (var entry in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || !IsRunning(pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (cwd is not null && (cwd == folder || cwd.StartsWith(folder + "/", StringComparison.Ordinal)))
                {
                    found.Add($"{pid}: {File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to look at.
            }
        }

        return found;
    }

    /// <summary>Three base ports, each with <paramref name="count"/> free loopback ports from it on, none overlapping.</summary>
    private static (int Http, int Silo, int Gateway) FreePortRanges(int count) =>
        (TestPostgres.FreePorts(count), TestPostgres.FreePorts(count), TestPostgres.FreePorts(count));
}
