using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Dashboards.Tests;

/// <summary>
/// A real Prometheus (Debian's package) scraping the given targets every second, with its own
/// data folder and port, queried through its HTTP API.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;

    private PrometheusProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>Starts Prometheus scraping <paramref name="targets"/>, evaluating the alerting rules of <paramref name="ruleFiles"/> (copied beside its config).</summary>
    public static async Task<PrometheusProcess> StartAsync(IEnumerable<Uri> targets, IReadOnlyList<string>? ruleFiles = null)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's prometheus package (apt-get install prometheus); .ci/run does.");
        }

        var directory = Directory.CreateTempSubdirectory("lg-prometheus-").FullName;
        var port = TestPostgres.FreePort();
        var targetList = string.Join(", ", targets.Select(target => $"'{target.Authority}'"));
        foreach (var ruleFile in ruleFiles ?? [])
        {
            File.Copy(ruleFile, Path.Combine(directory, Path.GetFileName(ruleFile)));
        }

        var ruleList = string.Join(", ", (ruleFiles ?? []).Select(ruleFile => $"'{Path.GetFileName(ruleFile)}'"));
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [{ruleList}]
            scrape_configs:
              - job_name: loyaltygrid
                metrics_path: /metrics
                static_configs:
                  - targets: [{targetList}]
            """);
        var startInfo = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={Path.Combine(directory, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var prometheus = new PrometheusProcess(process, directory, port);
        await prometheus.WaitUntilReadyAsync();
        return prometheus;
    }

    /// <summary>Evaluates an instant query; returns the result array (empty: no data).</summary>
    public async Task<JsonElement> QueryAsync(string expression)
    {
        var uri = new Uri("/api/v1/query?query=" + Uri.EscapeDataString(expression), UriKind.Relative);
        using var response = await Http.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused '{expression}': {body}");
        }

        return document.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>A GET of Prometheus' HTTP API (such as <c>/api/v1/rules</c>); returns its <c>data</c>.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused GET {path}: {body}");
        }

        return document.RootElement.GetProperty("data").Clone();
    }

    /// <summary>Waits until every scrape target is up.</summary>
    public async Task WaitForTargetsUpAsync(int targets, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            var up = await QueryAsync("sum(up)");
            if (up.GetArrayLength() == 1 && double.Parse(up[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) >= targets)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"Prometheus did not see {targets} targets up.");
    }

    private async Task WaitUntilReadyAsync()
    {
        if (!await Readiness.WaitUntilAnswersAsync(Http, "/-/ready", TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("Prometheus did not become ready.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
