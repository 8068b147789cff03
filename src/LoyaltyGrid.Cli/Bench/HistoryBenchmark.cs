using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LoyaltyGrid.Cli.Api;
using LoyaltyGrid.Cli.Replay;
using LoyaltyGrid.Cli.Terminal;
using Npgsql;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli.Bench;

public sealed record HistoryBenchOptions(
    IReadOnlyList<Uri> Urls, string ApiKey, int LongEvents, int ShortEvents, int Purchases, string? ConnectionString, string? JsonPath, string RunId)
{
    public const string Description =
        "Purchase latency and memory of a customer with a long history (--events, default 10,000) against one with a short one (--short-events, default 10). "
        + "Both get the same recent purchases; the long one also has years of older ones. Then --purchases purchases each, alternating, one at a time; "
        + "memory is the size of each customer's stored snapshot (the state its grain holds, as JSON), read from PostgreSQL with --pg.";

    public static HistoryBenchOptions From(HistoryBenchSettings settings)
    {
        if (settings.ShortEvents < 1 || settings.Events <= settings.ShortEvents)
        {
            throw new ArgumentException("--short-events must be at least 1 and --events larger than it.");
        }

        if (settings.Purchases < 1)
        {
            throw new ArgumentException("--purchases must be at least 1.");
        }

        return new HistoryBenchOptions(
            settings.Urls(), settings.ApiKeys()[0], settings.Events, settings.ShortEvents, settings.Purchases, settings.Pg, settings.Json, settings.RunIdOrNew());
    }
}

public sealed class HistoryBenchSettings : BenchSettings
{
    [CommandOption("--events <N>")]
    [Description("Events of the customer with the long history.")]
    [DefaultValue(10_000)]
    public int Events { get; init; } = 10_000;

    [CommandOption("--short-events <N>")]
    [Description("Events of the customer with the short history: the recent ones both customers have.")]
    [DefaultValue(10)]
    public int ShortEvents { get; init; } = 10;

    [CommandOption("--purchases <N>")]
    [Description("Measured purchases per customer.")]
    [DefaultValue(200)]
    public int Purchases { get; init; } = 200;

    [CommandOption("--pg <CONNECTION>")]
    [Description("The server's PostgreSQL (Npgsql connection string), to read the customers' snapshot sizes; without it only latency is measured.")]
    public string? Pg { get; init; }
}

public sealed record HistoryCustomerResult(string CustomerId, int EventsBefore, LatencySummary Latency, long? SnapshotBytes, long? SnapshotSequence);

public sealed record HistoryResult(string Name, int Purchases, HistoryCustomerResult Short, HistoryCustomerResult Long, double? LatencyRatioP50, double? LatencyRatioP99, double? SnapshotRatio);

/// <summary>
/// <c>bench history</c>: does a customer's cost grow with its history? The target is a
/// customer with 10,000 events within 1.5× of one with 10, in purchase latency and in memory.
/// </summary>
/// <remarks>
/// The two customers differ only in history: the same recent purchases (the last
/// --short-events days, one a day), and for the long one, before them, purchases spread evenly
/// over ten years ending two years ago, sent oldest first so every one is accepted in order.
/// Memory is read as the stored snapshot: the JSON of exactly the fold a customer grain keeps in
/// memory, so it grows as that does. A snapshot is written every Customers:SnapshotEvery events
/// (100 by default), so it is read after the measured purchases, and lags them by fewer than that.
/// </remarks>
public static class HistoryBenchmark
{
    private static readonly TimeSpan HistorySpan = TimeSpan.FromDays(3_650);
    private static readonly TimeSpan HistoryEndsBefore = TimeSpan.FromDays(730);

    public static async Task<int> RunAsync(HistoryBenchOptions options, TextWriter output, TextWriter error)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        using var client = new ApiClient(options.Urls, maxConnectionsPerServer: 4, timeout: TimeSpan.FromMinutes(2));
        var shortId = $"hist-{options.RunId}-short";
        var longId = $"hist-{options.RunId}-long";

        var tally = new OutcomeTally();
        var sender = new BatchSender(client, options.ApiKey, batchSize: 1000, lanes: 1, tally);
        var oldEvents = options.LongEvents - options.ShortEvents;
        var total = oldEvents + 2 * options.ShortEvents;
        await using (new ProgressReporter(error, () => new ProgressSnapshot(sender.Sent, "events", (double)sender.Sent / total, "")))
        {
            await sender.SendAsync(Seed(options, startedAt, shortId, longId));
        }

        if (tally.Accepted + tally.Duplicates != total)
        {
            await output.WriteLineAsync($"history: seeding accepted {tally.Accepted + tally.Duplicates:N0} of {total:N0} events");
            foreach (var line in tally.DescribeRejections(5).Concat(tally.DescribeErrors(5)))
            {
                await output.WriteLineAsync(line);
            }

            return 1;
        }

        // Both customers are read once first, so neither pays its activation in the measured purchases.
        await client.GetAsync($"/api/v1/customers/{shortId}", options.ApiKey);
        await client.GetAsync($"/api/v1/customers/{longId}", options.ApiKey);

        var shortLatency = new LatencyRecorder();
        var longLatency = new LatencyRecorder();
        var failures = 0;
        for (var i = 0; i < options.Purchases; i++)
        {
            // Alternating spreads any noise of the machine over both alike.
            foreach (var (customerId, recorder) in new[] { (shortId, shortLatency), (longId, longLatency) })
            {
                var body = PurchaseJson.Single($"{customerId}-m{i}", customerId, 20m + i % 30, TimeProvider.System.GetUtcNow());
                var clock = Stopwatch.StartNew();
                var answer = await client.PostAsync("/api/v1/purchases", body, options.ApiKey);
                recorder.Record(clock.Elapsed);
                failures += answer.IsSuccess ? 0 : 1;
            }
        }

        (long Bytes, long Sequence)? shortSnapshot = null, longSnapshot = null;
        if (options.ConnectionString is { } connectionString)
        {
            // Snapshots are stored in the background after the event that made them due.
            await Task.Delay(TimeSpan.FromSeconds(2));
            try
            {
                shortSnapshot = await SnapshotAsync(connectionString, shortId);
                longSnapshot = await SnapshotAsync(connectionString, longId);
            }
            catch (Exception ex) when (ex is NpgsqlException or ArgumentException)
            {
                // The latency figures stand on their own; say why memory is missing instead of losing them.
                await error.WriteLineAsync($"history: the snapshots could not be read with --pg: {ex.Message}");
            }
        }

        var shortResult = new HistoryCustomerResult(shortId, options.ShortEvents, shortLatency.Summarize(), shortSnapshot?.Bytes, shortSnapshot?.Sequence);
        var longResult = new HistoryCustomerResult(longId, options.LongEvents, longLatency.Summarize(), longSnapshot?.Bytes, longSnapshot?.Sequence);
        var result = new HistoryResult(
            "history",
            options.Purchases,
            shortResult,
            longResult,
            Ratio(longResult.Latency.P50, shortResult.Latency.P50),
            Ratio(longResult.Latency.P99, shortResult.Latency.P99),
            Ratio(longResult.SnapshotBytes, shortResult.SnapshotBytes));

        foreach (var customer in new[] { shortResult, longResult })
        {
            await output.WriteLineAsync(FormattableString.Invariant(
                $"history: customer with {customer.EventsBefore:N0} events: {options.Purchases:N0} purchases, {customer.Latency}; snapshot {Describe(customer)}"));
        }

        await output.WriteLineAsync(FormattableString.Invariant(
            $"history: {options.LongEvents:N0} events vs {options.ShortEvents:N0}: latency p50 {result.LatencyRatioP50:F2}×, p99 {result.LatencyRatioP99:F2}×, snapshot {(result.SnapshotRatio is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) + "×" : "not read")} (target: within 1.5×)"));
        if (failures > 0)
        {
            await output.WriteLineAsync($"history: {failures} measured purchases were not accepted");
        }

        await BenchReport.WriteAsync(options.JsonPath, "bench history", startedAt, [result]);
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The long customer's old purchases, oldest first, then the recent ones of both.</summary>
    private static IEnumerable<ReplayEvent> Seed(HistoryBenchOptions options, DateTimeOffset now, string shortId, string longId)
    {
        var oldEvents = options.LongEvents - options.ShortEvents;
        var historyStart = now - HistoryEndsBefore - HistorySpan;
        var step = HistorySpan / oldEvents;
        for (var i = 0; i < oldEvents; i++)
        {
            yield return Purchase(longId, $"{longId}-old{i}", 20m + i % 40, historyStart + step * i);
        }

        for (var day = options.ShortEvents; day >= 1; day--)
        {
            yield return Purchase(shortId, $"{shortId}-recent{day}", 20m + day, now.AddDays(-day));
            yield return Purchase(longId, $"{longId}-recent{day}", 20m + day, now.AddDays(-day));
        }
    }

    private static ReplayEvent Purchase(string customerId, string orderId, decimal amount, DateTimeOffset occurredAt) =>
        new("purchase", "customer " + customerId, new JsonObject
        {
            ["type"] = "purchase",
            ["orderId"] = orderId,
            ["customerId"] = customerId,
            ["amount"] = amount,
            ["currency"] = "USD",
            ["market"] = "US",
            ["occurredAt"] = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });

    // The journal's snapshot table, keyed by the customer's stream (c:<customer id>).
    private static async Task<(long Bytes, long Sequence)?> SnapshotAsync(string connectionString, string customerId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT octet_length(payload::text), seq FROM stream_snapshot WHERE stream = @stream", connection);
        command.Parameters.AddWithValue("stream", "c:" + customerId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    private static string Describe(HistoryCustomerResult customer) =>
        customer.SnapshotBytes is { } bytes
            ? FormattableString.Invariant($"{bytes:N0} B (as of event {customer.SnapshotSequence:N0})")
            : "not read";

    private static double? Ratio(double? numerator, double? denominator) =>
        numerator is { } n && denominator is > 0 ? Math.Round(n / denominator.Value, 2) : null;

    private static double? Ratio(long? numerator, long? denominator) => Ratio((double?)numerator, (double?)denominator);
}
