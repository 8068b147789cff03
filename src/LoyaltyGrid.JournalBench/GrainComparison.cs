using System.Diagnostics;
using LoyaltyGrid.Journal;
using LoyaltyGrid.JournalBench.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoyaltyGrid.JournalBench;

internal sealed record GrainOptions(int Customers, int Callers, int Seconds, int Rounds, int PayloadBytes, string Directory, int Port, int SiloPort, int GatewayPort);

internal sealed record GrainRun(string Kind, int Round, long Events, double EventsPerSecond, double P50Ms, double P99Ms, double AllocatedBytesPerEvent, double ActivationBytes, long JournalRows, string Load);

/// <summary>
/// The same points-earning workload against the plain grain and against the JournaledGrain, in one
/// silo on one PostgreSQL through one journal writer, runs interleaved (plain, journaled, …, then
/// the reverse order) so that whatever else the machine does falls on every kind alike.
/// </summary>
internal static class GrainComparison
{
    public static async Task<IReadOnlyList<GrainRun>> RunAsync(GrainOptions options, ILoggerFactory logs, TextWriter output)
    {
        await using var postgres = await BenchPostgres.StartAsync(Path.Combine(options.Directory, "grains"), options.Port, logs.CreateLogger("postgres"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(postgres.DataSource);
        builder.Services.AddSingleton(logs);
        builder.Services.AddLoyaltyGridJournal(builder.Configuration);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(options.SiloPort, options.GatewayPort)
            .AddCustomStorageBasedLogConsistencyProvider(JournaledPointsGrain.ProviderName));
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var note = Samples.Padding(options.PayloadBytes);

        // Unmeasured: JIT, the writer's prepared statements, Orleans' first calls of each kind.
        foreach (var kind in Kinds)
        {
            await postgres.ClearJournalAsync();
            await RunOnceAsync(grains, postgres, kind, "warm", options with { Customers = Math.Min(options.Customers, 200), Seconds = 3 }, note, round: 0);
        }

        var runs = new List<GrainRun>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Every other round in reverse (A B C, C B A, …): a load that rises or falls during
            // the run then favours no kind by its place in the round.
            foreach (var kind in round % 2 == 1 ? Kinds : Kinds.Reverse())
            {
                await postgres.ClearJournalAsync();
                var run = await RunOnceAsync(grains, postgres, kind, $"r{round}", options, note, round);
                runs.Add(run);
                await output.WriteLineAsync(
                    $"{run.Kind,-16} round {run.Round}: {run.EventsPerSecond,8:N0} events/s  p50 {run.P50Ms,6:N2} ms  p99 {run.P99Ms,6:N2} ms  " +
                    $"{run.AllocatedBytesPerEvent,7:N0} B allocated/event  {run.ActivationBytes,6:N0} B/activation  rows {run.JournalRows:N0} of {run.Events:N0}  load {run.Load}");
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"a retry of an event {PointsState.RecentLimit + 1} events old (older than the ids kept in memory):");
        foreach (var kind in Kinds)
        {
            await output.WriteLineAsync($"  {kind,-16}: {await ProbeOldRetryAsync(grains, kind, note)}");
        }

        // A JournaledGrain still retrying its refused event would hold deactivation up for ever.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stopping.Token);
        return runs;
    }

    private static readonly string[] Kinds = ["plain", "journaled", "journaled+lookup"];

    private static async Task<GrainRun> RunOnceAsync(IGrainFactory grains, BenchPostgres postgres, string kind, string prefix, GrainOptions options, string note, int round)
    {
        var customers = Enumerable.Range(0, options.Customers)
            .Select(index => Grain(grains, kind, $"{prefix}-{index}"))
            .ToArray();

        // Activation alone, measured as the heap that stays once every customer is active.
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = options.Callers }, async (grain, _) => await grain.Balance());
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        var latencies = new List<long>[options.Callers];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(options.Seconds);
        await Task.WhenAll(Enumerable.Range(0, options.Callers).Select(caller => Task.Run(async () =>
        {
            var mine = latencies[caller] = new List<long>(16_384);
            var random = new Random(caller * 7919 + round);
            var sent = 0;
            while (clock.Elapsed < deadline)
            {
                var grain = customers[random.Next(customers.Length)];
                var started = Stopwatch.GetTimestamp();
                await grain.Earn(new EarnCommand($"order:{prefix}/{caller}-{sent++}", 10, note));
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        })));
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var all = latencies.SelectMany(list => list).ToList();
        all.Sort();
        var rows = await CountRowsAsync(postgres, StreamKey.Of(kind, $"{prefix}-"));
        return new GrainRun(kind, round, all.Count, all.Count / elapsed.TotalSeconds, Samples.PercentileMs(all, 50), Samples.PercentileMs(all, 99),
            all.Count == 0 ? double.NaN : (double)allocated / all.Count, (double)(heapAfter - heapBefore) / options.Customers, rows, Samples.LoadAverage());
    }

    private static IPointsGrain Grain(IGrainFactory grains, string kind, string id) => kind switch
    {
        "plain" => grains.GetGrain<IPlainPointsGrain>(id),
        "journaled" => grains.GetGrain<IJournaledPointsGrain>(id),
        _ => grains.GetGrain<IJournaledCheckedPointsGrain>(id),
    };

    /// <summary>
    /// A retry of an event older than the ids a grain keeps in memory: the journal's unique index
    /// refuses the append, and what the grain then answers (or whether it answers) is the point.
    /// </summary>
    private static async Task<string> ProbeOldRetryAsync(IGrainFactory grains, string kind, string note)
    {
        var grain = Grain(grains, kind, $"probe-{kind}");
        for (var index = 0; index <= PointsState.RecentLimit; index++)
        {
            await grain.Earn(new EarnCommand($"order:probe/{index}", 10, note));
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var receipt = await grain.Earn(new EarnCommand("order:probe/0", 10, note)).WaitAsync(TimeSpan.FromSeconds(10));
            return $"{(receipt.Duplicate ? "answered as a duplicate" : "APPLIED AGAIN")} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:N1} ms (balance {receipt.Balance})";
        }
        catch (TimeoutException)
        {
            return "no answer within 10 s: the provider re-reads and re-submits the refused event again and again";
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return $"failed: {error.GetType().Name}: {error.Message}";
        }
    }

    // Every acknowledged event must be a row: the check that both grains did the same work.
    private static async Task<long> CountRowsAsync(BenchPostgres postgres, string streamPrefix)
    {
        await using var command = postgres.DataSource.CreateCommand("SELECT count(*) FROM journal WHERE starts_with(stream, @prefix)");
        command.Parameters.AddWithValue("prefix", streamPrefix);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
