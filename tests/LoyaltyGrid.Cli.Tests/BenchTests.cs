using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>Short bench runs against a real server write the figures they promise, as JSON.</summary>
[Collection(CliServerCollection.Name)]
public sealed class BenchTests(CliServer server) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loyaltygrid-bench-").FullName;

    [Theory]
    [InlineData("purchases", "--rate", "50")]
    [InlineData("batches", "--batch-size", "50")]
    [InlineData("lookups", "--customers", "200")]
    public async Task A_short_bench_writes_throughput_and_latency_percentiles(string kind, string option, string value)
    {
        var json = Path.Combine(_directory, kind + ".json");

        var (exitCode, output, error) = await Cli.RunAsync(
            "bench", kind, "--url", server.Url, "--api-key", TestCredentials.StoreAKey, "--duration", "2s", "--warmup", "500ms",
            "--concurrency", "4", option, value, "--json", json);

        Assert.True(exitCode == 0, output + error);
        // Redirected, standard output holds the result line alone and the running figures are
        // plain progress lines on standard error (docs/cli.md).
        var resultLine = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{kind} (", resultLine, StringComparison.Ordinal);
        Assert.Contains("progress: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal($"bench {kind}", root.GetProperty("command").GetString());
        Assert.True(root.GetProperty("machine").GetProperty("processorCount").GetInt32() > 0);
        var result = Assert.Single(root.GetProperty("results").EnumerateArray());
        Assert.Equal(kind, result.GetProperty("name").GetString());
        Assert.Equal(kind == "purchases" ? "fixed" : "max", result.GetProperty("mode").GetString());
        Assert.True(result.GetProperty("succeeded").GetInt64() > 0);
        Assert.Equal(0, result.GetProperty("failed").GetInt64());
        Assert.True(result.GetProperty("requestsPerSecond").GetDouble() > 0);
        Assert.True(result.GetProperty("eventsPerSecond").GetDouble() >= result.GetProperty("requestsPerSecond").GetDouble());
        var latency = result.GetProperty("latency");
        var percentiles = new[] { "p50", "p90", "p99", "p999", "max" }.Select(name => latency.GetProperty(name).GetDouble()).ToList();
        Assert.True(percentiles[0] > 0);
        Assert.Equal(percentiles.Order(), percentiles);
        Assert.Equal(kind == "purchases", result.TryGetProperty("serviceTime", out var service) && service.ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task The_memory_bench_reads_the_servers_memory_before_and_after_activating_customers()
    {
        var json = Path.Combine(_directory, "memory.json");

        var (exitCode, output, error) = await Cli.RunAsync(
            "bench", "memory", "--url", server.Url, "--api-key", TestCredentials.StoreAKey, "--customers", "500", "--settle", "500ms", "--json", json);

        Assert.True(exitCode == 0, output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var result = Assert.Single(report.RootElement.GetProperty("results").EnumerateArray());
        Assert.Equal(500, result.GetProperty("activated").GetInt64());
        Assert.True(result.GetProperty("before").GetProperty("workingSetBytes").GetDouble() > 0);
        Assert.True(result.GetProperty("after").GetProperty("gcHeapBytes").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, result.GetProperty("workingSetBytesPerCustomer").ValueKind);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
