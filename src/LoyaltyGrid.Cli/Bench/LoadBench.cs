using System.Globalization;
using System.Text.Json.Nodes;
using LoyaltyGrid.Cli.Api;
using LoyaltyGrid.Cli.Replay;
using LoyaltyGrid.Cli.Terminal;

namespace LoyaltyGrid.Cli.Bench;

/// <summary><c>bench purchases|lookups|batches</c>: a warm-up, then one measured run at a fixed or the maximum rate.</summary>
public static class LoadBench
{
    public static async Task<int> RunAsync(LoadBenchOptions options, TextWriter output, TextWriter error)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        // The running figures go where the result will: a live table when that is a terminal,
        // else progress on standard error, so redirected output holds the result line alone.
        var result = await MeasureAsync(options, error, Consoles.IsTerminal(output) ? output : null);
        await output.WriteLineAsync(result.ToString());
        await BenchReport.WriteAsync(options.JsonPath, $"bench {options.Kind.ToString().ToLowerInvariant()}", startedAt, [result]);
        return result.Succeeded > 0 && result.Failed == 0 ? 0 : 1;
    }

    /// <param name="liveOutput">A terminal to draw the running figures on as a table; without one they are progress on <paramref name="error"/>.</param>
    public static async Task<LoadResult> MeasureAsync(LoadBenchOptions options, TextWriter error, TextWriter? liveOutput = null)
    {
        using var client = new ApiClient(options.Urls, maxConnectionsPerServer: Math.Max(options.Concurrency, 16), timeout: TimeSpan.FromSeconds(30));
        var customers = options.Customers;
        var run = options.RunId;
        var counter = -1L;
        long Next() => Interlocked.Increment(ref counter);
        string Customer(long n) => string.Create(CultureInfo.InvariantCulture, $"bench-{run}-c{n % customers}");
        var name = options.Kind.ToString().ToLowerInvariant();

        Func<long, Task<RequestOutcome>> request = options.Kind switch
        {
            LoadKind.Purchases => async n =>
            {
                var body = PurchaseJson.Single(string.Create(CultureInfo.InvariantCulture, $"bench-{run}-o{n}"), Customer(n), 10m + n % 90, TimeProvider.System.GetUtcNow());
                var answer = await client.PostAsync("/api/v1/purchases", body, options.ApiKey);
                return RequestOutcome.Single(answer.Status == 200, Failure(answer));
            },
            LoadKind.Lookups => async n =>
            {
                var answer = await client.GetAsync($"/api/v1/customers/{Customer(Random.Shared.NextInt64(customers))}", options.ApiKey);
                return RequestOutcome.Single(answer.Status == 200, Failure(answer));
            },
            _ => async n =>
            {
                var now = TimeProvider.System.GetUtcNow();
                var body = PurchaseJson.Batch(Enumerable.Range(0, options.BatchSize).Select(j =>
                {
                    var number = n * options.BatchSize + j;
                    return (string.Create(CultureInfo.InvariantCulture, $"bench-{run}-o{number}"), Customer(number), 10m + number % 90);
                }), now);
                var answer = await client.PostAsync("/api/v1/events:batch", body, options.ApiKey);
                if (answer.Status != 200 || answer.Body is not { } results)
                {
                    return new RequestOutcome(false, options.BatchSize, 0, Failure(answer));
                }

                var (ok, total, firstFailure) = PurchaseJson.CountResults(results);
                return new RequestOutcome(ok == total, total, ok, firstFailure is { } status ? $"event {status}" : null);
            },
        };

        // Counted as answers arrive, so the progress shows the rate the server really sustains.
        long answered = 0, failed = 0;
        async Task<RequestOutcome> send(long n)
        {
            var outcome = await request(n);
            Interlocked.Increment(ref answered);
            if (!outcome.Ok)
            {
                Interlocked.Increment(ref failed);
            }

            return outcome;
        }

        if (options.Kind == LoadKind.Lookups)
        {
            await CreateCustomersAsync(client, options, error);
        }

        var phases = options.Warmup + options.Duration;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Set when the warm-up has ended rather than read off the clock: at a fixed rate the
        // warm-up lasts until its last answer, which a slow server makes later than planned.
        var phase = options.Warmup > TimeSpan.Zero ? "warming up" : "measuring";
        string Phase() => Volatile.Read(ref phase);
        // The latencies of the phase under way; the warm-up's are not the measurement's.
        var latency = new LatencyRecorder();
        var rate = new RecentRate(clock);
        await using var display = liveOutput is null
            ? (IAsyncDisposable)new ProgressReporter(error, () => new ProgressSnapshot(
                Interlocked.Read(ref answered),
                "requests",
                phases > TimeSpan.Zero ? Math.Min(1, clock.Elapsed / phases) : null,
                string.Create(CultureInfo.InvariantCulture, $"{Phase()}, {Interlocked.Read(ref failed):N0} failed")))
            : new LiveTable(liveOutput, $"bench {name}", () =>
            {
                var done = Interlocked.Read(ref answered);
                var so = Volatile.Read(ref latency).Summarize();
                return
                [
                    new Figure("phase", Phase()),
                    new Figure("elapsed", $"{Format(clock.Elapsed)} (planned {Format(phases)})"),
                    new Figure("requests answered", done.ToString("N0", CultureInfo.InvariantCulture)),
                    new Figure("failed", Interlocked.Read(ref failed).ToString("N0", CultureInfo.InvariantCulture)),
                    new Figure("requests/s, last second", rate.Update(done).ToString("N0", CultureInfo.InvariantCulture)),
                    new Figure("latency p50 / p99 / max", FormattableString.Invariant($"{so.P50:F2} / {so.P99:F2} / {so.Max:F2} ms")),
                ];
            });
        if (options.Warmup > TimeSpan.Zero)
        {
            await LoadRunner.RunAsync(name, send, options.Rate, options.Warmup, options.Concurrency, Next, latency);
            Volatile.Write(ref latency, new LatencyRecorder());
            Volatile.Write(ref phase, "measuring");
        }

        return await LoadRunner.RunAsync(name, send, options.Rate, options.Duration, options.Concurrency, Next, latency);
    }

    private static string Format(TimeSpan span) => span.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>Answers per second over the last second or so, for a display redrawn more often than that.</summary>
    private sealed class RecentRate(System.Diagnostics.Stopwatch clock)
    {
        private TimeSpan _since;
        private long _doneThen;
        private double _rate;

        public double Update(long done)
        {
            var now = clock.Elapsed;
            if (now - _since >= TimeSpan.FromSeconds(1))
            {
                _rate = (done - _doneThen) / (now - _since).TotalSeconds;
                (_since, _doneThen) = (now, done);
            }

            return _rate;
        }
    }

    /// <summary>One purchase per customer through batches, so every lookup finds an account.</summary>
    private static async Task CreateCustomersAsync(ApiClient client, LoadBenchOptions options, TextWriter error)
    {
        await error.WriteLineAsync($"bench lookups: creating {options.Customers:N0} customers");
        var tally = new OutcomeTally();
        var sender = new BatchSender(client, options.ApiKey, 500, 4, tally);
        var occurredAt = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await sender.SendAsync(Enumerable.Range(0, options.Customers).Select(i =>
        {
            var customerId = string.Create(CultureInfo.InvariantCulture, $"bench-{options.RunId}-c{i}");
            return new ReplayEvent("purchase", "customer " + customerId, new JsonObject
            {
                ["type"] = "purchase",
                ["orderId"] = $"{customerId}-first",
                ["customerId"] = customerId,
                ["amount"] = 25m,
                ["currency"] = "USD",
                ["market"] = "US",
                ["occurredAt"] = occurredAt,
            });
        }));
        if (tally.Accepted + tally.Duplicates < options.Customers)
        {
            throw new InvalidOperationException($"Only {tally.Accepted + tally.Duplicates} of {options.Customers} customers could be created: {string.Join("; ", tally.DescribeRejections(3).Concat(tally.DescribeErrors(3)))}");
        }
    }

    private static string? Failure(ApiAnswer answer) =>
        answer.IsSuccess ? null : answer.Status == 0 ? answer.TransportError ?? "no answer" : answer.Status.ToString(CultureInfo.InvariantCulture);
}
