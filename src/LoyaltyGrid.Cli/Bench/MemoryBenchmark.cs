using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;
using System.Text.Json.Nodes;
using LoyaltyGrid.Cli.Api;
using LoyaltyGrid.Cli.Replay;
using LoyaltyGrid.Cli.Terminal;

namespace LoyaltyGrid.Cli.Bench;

public sealed record MemoryBenchOptions(IReadOnlyList<Uri> Urls, string ApiKey, int Customers, int BatchSize, int Concurrency, TimeSpan Settle, string? JsonPath, string RunId)
{
    public const string Description =
        "Activates --customers new customers (one purchase each, through events:batch) and reads the server's /metrics before and after: "
        + "process working set and GC heap, per active customer.";

    public static MemoryBenchOptions From(MemoryBenchSettings settings) => new(
        settings.Urls(),
        settings.ApiKeys()[0],
        Math.Max(1, settings.Customers),
        Math.Clamp(settings.BatchSize, 1, 1000),
        Math.Max(1, settings.Concurrency),
        Arguments.ParseDuration(settings.Settle),
        settings.Json,
        settings.RunIdOrNew());
}

public sealed class MemoryBenchSettings : BenchSettings
{
    [CommandOption("--customers <N>")]
    [DefaultValue(100_000)]
    public int Customers { get; init; } = 100_000;

    [CommandOption("--batch-size <N>")]
    [DefaultValue(1000)]
    public int BatchSize { get; init; } = 1000;

    [CommandOption("--concurrency <N>")]
    [DefaultValue(4)]
    public int Concurrency { get; init; } = 4;

    [CommandOption("--settle <DURATION>")]
    [Description("Wait before reading /metrics after activating, so the GC settles.")]
    [DefaultValue("10s")]
    public string Settle { get; init; } = "10s";
}

/// <summary>What the server's own metrics say about its memory.</summary>
public sealed record MemoryFigures(double? WorkingSetBytes, double? GcHeapBytes, double? GcCommittedBytes)
{
    // .NET's System.Runtime meter as the OpenTelemetry Prometheus exporter names it.
    public static MemoryFigures Parse(string metrics) => new(
        PrometheusText.Sum(metrics, "dotnet_process_memory_working_set_bytes") ?? PrometheusText.Sum(metrics, "process_working_set_bytes"),
        PrometheusText.Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes"),
        PrometheusText.Sum(metrics, "dotnet_gc_last_collection_memory_committed_size_bytes"));
}

public sealed record MemoryResult(string Name, int Customers, long Activated, double Seconds, MemoryFigures Before, MemoryFigures After, double? WorkingSetBytesPerCustomer, double? GcHeapBytesPerCustomer, double? GcCommittedBytesPerCustomer);

/// <summary><c>bench memory</c>: bytes of server memory per active customer.</summary>
public static class MemoryBenchmark
{
    public static async Task<int> RunAsync(MemoryBenchOptions options, TextWriter output, TextWriter error)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        using var client = new ApiClient(options.Urls, maxConnectionsPerServer: options.Concurrency * 2, timeout: TimeSpan.FromMinutes(2));
        var before = MemoryFigures.Parse(await client.GetTextAsync("/metrics"));
        var tally = new OutcomeTally();
        var sender = new BatchSender(client, options.ApiKey, options.BatchSize, options.Concurrency, tally);
        var occurredAt = startedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (new ProgressReporter(error, () => new ProgressSnapshot(sender.Sent, "customers", (double)sender.Sent / options.Customers, "")))
        {
            await sender.SendAsync(Enumerable.Range(0, options.Customers).Select(i =>
            {
                var customerId = string.Create(CultureInfo.InvariantCulture, $"mem-{options.RunId}-c{i}");
                return new ReplayEvent("purchase", "customer " + customerId, new JsonObject
                {
                    ["type"] = "purchase",
                    ["orderId"] = customerId + "-o",
                    ["customerId"] = customerId,
                    ["amount"] = 20m + i % 50,
                    ["currency"] = "USD",
                    ["market"] = "US",
                    ["occurredAt"] = occurredAt,
                });
            }));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        // The GC figures are those of the last collection; a pause lets one run after the load.
        await Task.Delay(options.Settle);
        var after = MemoryFigures.Parse(await client.GetTextAsync("/metrics"));
        var activated = tally.Accepted + tally.Duplicates;
        double? PerCustomer(double? a, double? b) => a is { } x && b is { } y && activated > 0 ? Math.Round((x - y) / activated, 1) : null;
        var result = new MemoryResult("memory", options.Customers, activated, Math.Round(seconds, 2), before, after,
            PerCustomer(after.WorkingSetBytes, before.WorkingSetBytes),
            PerCustomer(after.GcHeapBytes, before.GcHeapBytes),
            PerCustomer(after.GcCommittedBytes, before.GcCommittedBytes));
        await output.WriteLineAsync(FormattableString.Invariant(
            $"memory: {activated:N0} customers activated in {seconds:F1} s ({activated / seconds:N0}/s); per active customer: working set {result.WorkingSetBytesPerCustomer:N0} B, GC heap {result.GcHeapBytesPerCustomer:N0} B, GC committed {result.GcCommittedBytesPerCustomer:N0} B"));
        await output.WriteLineAsync(FormattableString.Invariant(
            $"  before: working set {before.WorkingSetBytes / 1048576:N0} MiB, GC heap {before.GcHeapBytes / 1048576:N0} MiB; after: working set {after.WorkingSetBytes / 1048576:N0} MiB, GC heap {after.GcHeapBytes / 1048576:N0} MiB"));
        foreach (var line in tally.DescribeRejections(5).Concat(tally.DescribeErrors(5)))
        {
            await output.WriteLineAsync(line);
        }

        await BenchReport.WriteAsync(options.JsonPath, "bench memory", startedAt, [result]);
        return activated == options.Customers ? 0 : 1;
    }
}
