using System.Diagnostics;

namespace LoyaltyGrid.Testing;

/// <summary>
/// A real LoyaltyGrid server process (the built LoyaltyGrid.Server next to the test assembly) on
/// loopback ports of its own, with its output captured for assertions.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process, IReadOnlyDictionary<string, string> settings, int httpPort, int siloPort, int gatewayPort)
    {
        _process = process;
        Settings = settings;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The settings it was started with, beyond the ports; a restart reuses them.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The way to configure one: database, credentials, extra settings, then <see cref="ServerProcessBuilder.Start"/>.</summary>
    public static ServerProcessBuilder Configure() => new();

    /// <summary>
    /// Starts a server in Development. <paramref name="environment"/> adds or overrides
    /// configuration as environment variables (e.g. ConnectionStrings__LoyaltyGrid); tests that
    /// check configuration itself pass it whole, the others use <see cref="Configure"/>.
    /// </summary>
    public static ServerProcess Start(IDictionary<string, string> environment) =>
        Start(environment, TestPostgres.FreePort(), TestPostgres.FreePort(), TestPostgres.FreePort());

    /// <summary>
    /// Starts a server on the same ports as <paramref name="previous"/>, as a restarted service
    /// would: Orleans then recognises the new silo as the successor of the old one on that address.
    /// </summary>
    public static ServerProcess Restart(ServerProcess previous, IDictionary<string, string> environment) =>
        Start(environment, previous.HttpPort, previous.SiloPort, previous.GatewayPort);

    /// <summary>As <see cref="Restart(ServerProcess, IDictionary{string, string})"/>, with the settings <paramref name="previous"/> had.</summary>
    public static ServerProcess Restart(ServerProcess previous) =>
        Start(new Dictionary<string, string>(previous.Settings), previous.HttpPort, previous.SiloPort, previous.GatewayPort);

    private static ServerProcess Start(IDictionary<string, string> environment, int httpPort, int siloPort, int gatewayPort)
    {
        var directory = AppContext.BaseDirectory;
        var startInfo = new ProcessStartInfo(Path.Combine(directory, "LoyaltyGrid.Server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "--contentRoot", directory, "--urls", $"http://127.0.0.1:{httpPort}" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        // The server's default data folder is the user's; a test must never write there. A
        // restart on the same ports finds the same folder, and with it the same development keys.
        startInfo.Environment["EmbeddedPostgres__DataDirectory"] =
            Path.Combine(TestTempFolders.OfThisProcess(""), $"server-{httpPort}");
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process, new Dictionary<string, string>(environment), httpPort, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) => server.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => server.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls /readyz until it answers 200; fails with the server's output otherwise.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan? patience = null)
    {
        var ready = await Readiness.WaitUntilAnswersAsync(Http, "/readyz", patience ?? TimeSpan.FromSeconds(60), () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }
        });
        if (!ready)
        {
            throw new TimeoutException($"The server was not ready in time:\n{Output}");
        }
    }

    /// <summary>Asks the server to stop, as Ctrl-C or a service manager would (SIGTERM), and waits.</summary>
    public async Task StopGracefullyAsync(TimeSpan? patience = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the process at once (SIGKILL), leaving whatever it started running.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopGracefullyAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }

        Http.Dispose();
        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }
}
