using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace LoyaltyGrid.Cli.Bench;

/// <summary>
/// KPI freshness under steady load: how long after a purchase's 200 the wall's feed first shows
/// an order count that includes it. The k-th acknowledgement is matched with the first hub
/// message whose count of the storefront's orders reached baseline + k.
/// </summary>
public static class FreshnessBenchmark
{
    public static async Task<int> RunAsync(FreshnessOptions options, TextWriter output, TextWriter? error = null)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        double? measuredMax = null;
        if (options.FractionOfMax is { } fraction)
        {
            var maximum = await LoadBench.MeasureAsync(
                new LoadBenchOptions(LoadKind.Purchases, [options.Url], options.StorefrontKey, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 64, 10_000, 1, null, Guid.NewGuid().ToString("N")[..8]),
                error ?? TextWriter.Null);
            measuredMax = maximum.RequestsPerSecond;
            options = options with { Rate = Math.Max(1, Math.Round(maximum.RequestsPerSecond * fraction)) };
            output.WriteLine(FormattableString.Invariant($"maximum purchases/s measured first: {maximum.RequestsPerSecond:N0} ({maximum}); running at {fraction:P0} of it: {options.Rate:N0}/s"));
        }

        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.StorefrontKey);
        var clock = Stopwatch.StartNew();
        var acknowledgedAt = new List<double>();
        var shown = new List<(long Orders, double At)>();

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(options.Url, "/hubs/kpi"), connection => connection.AccessTokenProvider = () => Task.FromResult<string?>(options.OpsKey))
            .Build();
        hub.On<JsonElement>("snapshot", snapshot =>
        {
            var orders = snapshot.GetProperty("allTime").GetProperty("orders").GetInt64();
            lock (shown)
            {
                shown.Add((orders, clock.Elapsed.TotalMilliseconds));
            }
        });
        await hub.StartAsync();
        var baseline = (await hub.InvokeAsync<JsonElement>("Watch", options.Storefront, null)).GetProperty("allTime").GetProperty("orders").GetInt64();

        var run = Guid.NewGuid().ToString("N")[..8];
        var interval = TimeSpan.FromSeconds(1 / options.Rate);
        var total = (int)(options.Rate * options.Duration.TotalSeconds);
        using var gate = new SemaphoreSlim(options.Concurrency);
        var failures = 0;
        var sends = new List<Task>(total);
        var start = clock.Elapsed;
        for (var i = 0; i < total; i++)
        {
            // Open loop: the i-th purchase leaves at start + i × interval, however slow the answers are.
            var due = start + interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            await gate.WaitAsync();
            var number = i;
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await http.PostAsJsonAsync("/api/v1/purchases", new
                    {
                        orderId = $"fresh-{run}-{number}",
                        customerId = $"fresh-{run}-{number % 500}",
                        amount = 20.00m + number % 50,
                        currency = "USD",
                        market = "DE",
                        occurredAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                    });
                    if (response.IsSuccessStatusCode)
                    {
                        lock (acknowledgedAt)
                        {
                            acknowledgedAt.Add(clock.Elapsed.TotalMilliseconds);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(sends);
        var sentFor = clock.Elapsed - start;
        var waitUntil = clock.Elapsed + TimeSpan.FromSeconds(15);
        while (clock.Elapsed < waitUntil && LatestShown() < baseline + acknowledgedAt.Count)
        {
            await Task.Delay(100);
        }

        acknowledgedAt.Sort();
        var freshness = new List<double>();
        lock (shown)
        {
            shown.Sort((a, b) => a.At.CompareTo(b.At));
        }

        for (var k = 1; k <= acknowledgedAt.Count; k++)
        {
            var first = shown.FirstOrDefault(message => message.Orders >= baseline + k && message.At >= acknowledgedAt[k - 1]);
            if (first != default)
            {
                freshness.Add(first.At - acknowledgedAt[k - 1]);
            }
        }

        freshness.Sort();
        var result = new FreshnessResult(
            "freshness", options.Rate, measuredMax, options.FractionOfMax, total, acknowledgedAt.Count, failures, Math.Round(sentFor.TotalSeconds, 2), shown.Count, freshness.Count,
            freshness.Count == 0 ? null : new LatencySummary(
                Math.Round(Percentile(freshness, 0.50), 1), Math.Round(Percentile(freshness, 0.90), 1), Math.Round(Percentile(freshness, 0.99), 1),
                Math.Round(Percentile(freshness, 0.999), 1), Math.Round(freshness[^1], 1), Math.Round(freshness.Average(), 1)));
        await BenchReport.WriteAsync(options.JsonPath, "bench freshness", startedAt, [result]);
        output.WriteLine(FormattableString.Invariant($"purchases acknowledged: {acknowledgedAt.Count} of {total} in {sentFor.TotalSeconds:F1} s ({acknowledgedAt.Count / sentFor.TotalSeconds:F0}/s), failed: {failures}"));
        output.WriteLine(FormattableString.Invariant($"hub messages: {shown.Count}; purchases seen on the wall: {freshness.Count}"));
        if (freshness.Count > 0)
        {
            output.WriteLine(FormattableString.Invariant(
                $"freshness (200 → hub message including it): p50 {Percentile(freshness, 0.50):F0} ms, p90 {Percentile(freshness, 0.90):F0} ms, p99 {Percentile(freshness, 0.99):F0} ms, max {freshness[^1]:F0} ms"));
        }

        return freshness.Count == acknowledgedAt.Count && failures == 0 ? 0 : 1;

        long LatestShown()
        {
            lock (shown)
            {
                return shown.Count == 0 ? 0 : shown.Max(message => message.Orders);
            }
        }
    }


    /// <summary>Freshness figures in milliseconds from a purchase's 200 to the hub message that includes it.</summary>
    public sealed record FreshnessResult(
        string Name, double Rate, double? MeasuredMaxRate, double? FractionOfMax, int Planned, int Acknowledged, int Failed, double SendSeconds, int HubMessages, int Seen, LatencySummary? FreshnessMs);

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
