using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Reliability.Tests.Grid;

/// <summary>
/// Several real server processes forming one cluster on one database, each of which can be
/// killed or stopped and restarted on its own ports while the others keep serving.
/// </summary>
public sealed class ServerGrid : IAsyncDisposable
{
    // Generous: a restart on a loaded 2-core machine has been seen to take over two minutes.
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(5);
    private readonly ServerProcess[] _servers;

    private ServerGrid(ServerProcess[] servers, string connectionString)
    {
        _servers = servers;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public int Count => _servers.Length;

    public IReadOnlyList<Uri> Addresses => _servers.Select(server => server.BaseAddress).ToList();

    public ServerProcess this[int index] => _servers[index];

    public static async Task<ServerGrid> StartAsync(string connectionString, int count)
    {
        var servers = ServerProcess.Configure().WithDatabase(connectionString).WithCredentials()
            // A grain call to a silo that just died fails after this, so no request waits the 30 s default.
            .With("Orleans__ResponseTimeout", "00:00:10");
        // The first server migrates the schema and founds the cluster; the others then join at once.
        var first = servers.Start();
        await first.WaitUntilReadyAsync(StartPatience);
        var others = Enumerable.Range(1, count - 1).Select(_ => servers.Start()).ToArray();
        await Task.WhenAll(others.Select(server => server.WaitUntilReadyAsync(StartPatience)));
        return new ServerGrid([first, .. others], connectionString);
    }

    /// <summary>SIGKILL, then a new process on the same ports, as a supervisor would restart it.</summary>
    public async Task KillAndRestartAsync(int index)
    {
        var previous = _servers[index];
        await previous.KillAsync();
        await RestartAsync(index, previous);
    }

    /// <summary>SIGTERM (a graceful stop, as on a deploy), then a new process on the same ports.</summary>
    public async Task StopAndRestartAsync(int index)
    {
        var previous = _servers[index];
        await previous.StopGracefullyAsync(TimeSpan.FromSeconds(60));
        await RestartAsync(index, previous);
    }

    public string Output(int index) => _servers[index].Output;

    /// <summary>What the servers logged about requests that failed with a 500, with the exception that follows.</summary>
    public IEnumerable<string> UnhandledFailures() =>
        _servers.SelectMany(server =>
        {
            var lines = server.Output.Split('\n');
            return lines
                .Select((line, index) => (line, index))
                .Where(entry => entry.line.Contains("failed with an unhandled exception", StringComparison.Ordinal))
                .Select(entry => string.Join('\n', lines.Skip(entry.index).Take(12)));
        });

    public async ValueTask DisposeAsync()
    {
        foreach (var (server, index) in _servers.Select((server, index) => (server, index)))
        {
            await server.DisposeAsync();
            // For a look at what the servers said after a failed run: RELIABILITY_LOGS=<folder>.
            if (Environment.GetEnvironmentVariable("RELIABILITY_LOGS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, $"server-{server.HttpPort}-{index}.log"), server.Output);
            }
        }
    }

    private async Task RestartAsync(int index, ServerProcess previous)
    {
        _servers[index] = ServerProcess.Restart(previous);
        await previous.DisposeAsync();
        await _servers[index].WaitUntilReadyAsync(StartPatience);
    }
}
