using System.Diagnostics;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Journal.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.JournalBench;

internal sealed record NodeOptions(int Writers, int Streams, int Seconds, int Rounds, int PayloadBytes, int PageSize, int PgbenchClients, string Directory, int PortA, int PortB);

internal sealed record AppendRun(string Layout, int Round, long Events, double EventsPerSecond, double[] PerNode, double EventsPerCommit, double P50Ms, double P99Ms, string Load);

internal sealed record ReadRun(int Round, long Entries, double EntriesPerSecond, double MsPerPage, string Load);

/// <summary>
/// What one PostgreSQL node sustains for the journal: many writers appending ~1 KB events through
/// PostgresEventJournal's group commit (fsync on), and the projections' commit-safe page read over
/// what they wrote. Then the same writers with the streams split by hash partition between two
/// PostgreSQL instances on this machine (partitions 0–3 on one, 4–7 on the other), each with its
/// own writer, as a router in front of a partitioned journal would do; and, as the control, the
/// same two writers both on the first node. pgbench -N runs on the first node in every round, as
/// the machine's reference for that moment.
/// </summary>
internal static class NodeBenchmark
{
    private const int Partitions = 8;

    public static async Task RunAsync(NodeOptions options, ILoggerFactory logs, TextWriter output)
    {
        await using var nodeA = await BenchPostgres.StartAsync(Path.Combine(options.Directory, "node-a"), options.PortA, logs.CreateLogger("node-a"));
        await using var nodeB = await BenchPostgres.StartAsync(Path.Combine(options.Directory, "node-b"), options.PortB, logs.CreateLogger("node-b"));
        var streams = Enumerable.Range(0, options.Streams).Select(index => $"c:bench-{index}").ToArray();
        var partitionOf = await PartitionsAsync(nodeA.DataSource, streams);
        var note = Samples.Padding(options.PayloadBytes);

        await output.WriteLineAsync($"streams: {options.Streams} ({partitionOf.Values.Count(p => p < Partitions / 2)} in partitions 0-3, the rest in 4-7), writers: {options.Writers}, payload ~{options.PayloadBytes} B");
        await RunAppendsAsync([nodeA], streams, _ => 0, options with { Seconds = 3 }, note, "warm", 0);
        await RunAppendsAsync([nodeA, nodeB], streams, s => partitionOf[s] < Partitions / 2 ? 0 : 1, options with { Seconds = 3 }, note, "warm", 0);

        var pgbench = new List<double>();
        var single = new List<AppendRun>();
        var split = new List<AppendRun>();
        var reads = new List<ReadRun>();
        var twoWriters = new List<AppendRun>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var tps = await nodeA.PgbenchAsync(options.PgbenchClients, options.Seconds);
            pgbench.Add(tps);
            await output.WriteLineAsync($"pgbench -N -c {options.PgbenchClients}  round {round}: {tps,8:N0} tps  load {Samples.LoadAverage()}");

            var one = await RunAppendsAsync([nodeA], streams, _ => 0, options, note, "1 node", round);
            single.Add(one);
            await Print(output, one);

            var read = await ReadAllAsync(nodeA.DataSource, options.PageSize, round);
            reads.Add(read);
            await output.WriteLineAsync($"read, pages of {options.PageSize}  round {round}: {read.EntriesPerSecond,8:N0} entries/s  {read.MsPerPage,6:N1} ms/page  ({read.Entries:N0} entries)  load {read.Load}");

            var two = await RunAppendsAsync([nodeA, nodeB], streams, s => partitionOf[s] < Partitions / 2 ? 0 : 1, options, note, "2 nodes", round);
            split.Add(two);
            await Print(output, two);

            // The control: the same routing to two writers on the first node. If this matches the
            // two nodes, one batch in flight per writer was the limit, not the node.
            var control = await RunAppendsAsync([nodeA, nodeA], streams, s => partitionOf[s] < Partitions / 2 ? 0 : 1, options, note, "1 node, 2 writers", round);
            twoWriters.Add(control);
            await Print(output, control);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"medians of {options.Rounds} rounds (interleaved pgbench, 1 node, read, 2 nodes, 1 node with 2 writers):");
        await output.WriteLineAsync($"  pgbench -N -c {options.PgbenchClients}: {Samples.Median(pgbench):N0} tps");
        await output.WriteLineAsync($"  appends, 1 node : {Samples.Median(single.Select(r => r.EventsPerSecond)):N0} events/s, {Samples.Median(single.Select(r => r.EventsPerCommit)):N0} events/commit, p50 {Samples.Median(single.Select(r => r.P50Ms)):N1} ms, p99 {Samples.Median(single.Select(r => r.P99Ms)):N1} ms");
        await output.WriteLineAsync($"  appends, 2 nodes: {Samples.Median(split.Select(r => r.EventsPerSecond)):N0} events/s (node A {Samples.Median(split.Select(r => r.PerNode[0])):N0}, node B {Samples.Median(split.Select(r => r.PerNode[1])):N0}), {Samples.Median(split.Select(r => r.EventsPerCommit)):N0} events/commit, p50 {Samples.Median(split.Select(r => r.P50Ms)):N1} ms, p99 {Samples.Median(split.Select(r => r.P99Ms)):N1} ms");
        await output.WriteLineAsync($"  appends, 1 node, 2 writers: {Samples.Median(twoWriters.Select(r => r.EventsPerSecond)):N0} events/s, {Samples.Median(twoWriters.Select(r => r.EventsPerCommit)):N0} events/commit, p50 {Samples.Median(twoWriters.Select(r => r.P50Ms)):N1} ms, p99 {Samples.Median(twoWriters.Select(r => r.P99Ms)):N1} ms");
        await output.WriteLineAsync($"  commit-safe read: {Samples.Median(reads.Select(r => r.EntriesPerSecond)):N0} entries/s, {Samples.Median(reads.Select(r => r.MsPerPage)):N1} ms per page of {options.PageSize}");
    }

    private static Task Print(TextWriter output, AppendRun run) =>
        output.WriteLineAsync(
            $"appends, {run.Layout,-17} round {run.Round}: {run.EventsPerSecond,8:N0} events/s ({string.Join(" + ", run.PerNode.Select(n => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))})  " +
            $"{run.EventsPerCommit,5:N0} events/commit  p50 {run.P50Ms,6:N2} ms  p99 {run.P99Ms,6:N2} ms  load {run.Load}");

    private static async Task<AppendRun> RunAppendsAsync(BenchPostgres[] nodes, string[] streams, Func<string, int> route, NodeOptions options, string note, string layout, int round)
    {
        foreach (var node in nodes)
        {
            await node.ClearJournalAsync();
        }

        // One journal (one group-commit writer) per node, as one silo's writer per database would be.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new JournalMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var journals = nodes.Select(node => new PostgresEventJournal(
            node.DataSource, Options.Create(new JournalOptions()), TimeProvider.System, metrics, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresEventJournal>.Instance)).ToArray();
        var perNode = new long[nodes.Length];
        var latencies = new List<long>[options.Writers];
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(options.Seconds);
        try
        {
            // Writer w owns streams w, w + writers, …: one append in flight per stream, as a grain has.
            await Task.WhenAll(Enumerable.Range(0, options.Writers).Select(writer => Task.Run(async () =>
            {
                var mine = latencies[writer] = new List<long>(16_384);
                var owned = streams.Where((_, index) => index % options.Writers == writer).ToArray();
                var sequences = new long[owned.Length];
                for (var turn = 0; clock.Elapsed < deadline; turn++)
                {
                    var slot = turn % owned.Length;
                    var stream = owned[slot];
                    var node = route(stream);
                    var now = TimeProvider.System.GetUtcNow();
                    var sequence = ++sequences[slot];
                    var entry = new JournalAppend(stream, sequence, $"purchase:bench/{stream}-{sequence}", "purchase", now, now, $$"""{"note":"{{note}}"}""");
                    var started = Stopwatch.GetTimestamp();
                    var outcome = await journals[node].AppendAsync(stream, [entry], dueAt: null);
                    mine.Add(Stopwatch.GetTimestamp() - started);
                    if (outcome != AppendOutcome.Appended)
                    {
                        throw new InvalidOperationException($"Append to {stream} was refused: {outcome}.");
                    }

                    Interlocked.Increment(ref perNode[node]);
                }
            })));
        }
        finally
        {
            foreach (var journal in journals)
            {
                await journal.DisposeAsync();
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(list => list).ToList();
        all.Sort();
        var commits = journals.Sum(journal => journal.CommittedBatches);
        return new AppendRun(layout, round, all.Count, all.Count / elapsed, [.. perNode.Select(count => count / elapsed)],
            commits == 0 ? 0 : (double)all.Count / commits, Samples.PercentileMs(all, 50), Samples.PercentileMs(all, 99), Samples.LoadAverage());
    }

    /// <summary>Reads everything the last run appended, page after page, as a catching-up projection does.</summary>
    private static async Task<ReadRun> ReadAllAsync(NpgsqlDataSource dataSource, int pageSize, int round)
    {
        var position = JournalPosition.Start;
        long entries = 0;
        var pages = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var page = await JournalPageReader.ReadAsync(dataSource, position, pageSize, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            pages++;
            entries += page.Count;
            position = page[^1].Position;
        }

        var elapsed = clock.Elapsed;
        return new ReadRun(round, entries, entries / elapsed.TotalSeconds, pages == 0 ? 0 : elapsed.TotalMilliseconds / pages, Samples.LoadAverage());
    }

    /// <summary>Which of the journal's 8 hash partitions PostgreSQL puts each stream in, asked of PostgreSQL itself.</summary>
    private static async Task<Dictionary<string, int>> PartitionsAsync(NpgsqlDataSource dataSource, string[] streams)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT s, r FROM unnest(@streams::text[]) AS s, generate_series(0, 7) AS r
            WHERE satisfies_hash_partition('journal'::regclass, 8, r, s)
            """);
        command.Parameters.AddWithValue("streams", streams);
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            partitions[reader.GetString(0)] = reader.GetInt32(1);
        }

        return partitions.Count == streams.Length ? partitions : throw new InvalidOperationException("Some streams were found in no partition.");
    }
}
