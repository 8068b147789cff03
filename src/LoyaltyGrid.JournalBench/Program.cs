using System.Globalization;
using LoyaltyGrid.JournalBench;
using Microsoft.Extensions.Logging;

// loyaltygrid-journal-bench grains [--customers 1000] [--callers 64] [--seconds 15] [--rounds 3] …
// loyaltygrid-journal-bench nodes  [--writers 64] [--streams 1024] [--seconds 15] [--rounds 3] …
// Both start their own private PostgreSQL under --dir; see docs/benchmarks.md for what they print.
if (args.Length == 0 || args[0] is not ("grains" or "nodes"))
{
    Console.Error.WriteLine("usage: loyaltygrid-journal-bench grains|nodes [--option value]…  (see docs/benchmarks.md)");
    return 2;
}

var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var index = 1; index + 1 < args.Length; index += 2)
{
    if (!args[index].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"expected an option, got '{args[index]}'");
        return 2;
    }

    settings[args[index][2..]] = args[index + 1];
}

int Int(string name, int fallback) => settings.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

// Not under the source tree, reachable by the postgres user when run as root.
var directory = settings.GetValueOrDefault("dir") ?? Path.Combine(Path.GetTempPath(), "loyaltygrid-journal-bench");
using var logs = LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error));
Console.WriteLine($"{args[0]}: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {Samples.LoadAverage()} at {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");

if (args[0] == "grains")
{
    var options = new GrainOptions(
        Int("customers", 1_000), Int("callers", 64), Int("seconds", 15), Int("rounds", 3), Int("payload-bytes", 1_000),
        directory, Int("port", 55461), Int("silo-port", 11191), Int("gateway-port", 30091));
    var runs = await GrainComparison.RunAsync(options, logs, Console.Out);
    Console.WriteLine();
    Console.WriteLine($"medians of {options.Rounds} interleaved rounds, {options.Customers} customers, {options.Callers} callers, {options.Seconds} s each:");
    foreach (var kind in runs.GroupBy(run => run.Kind))
    {
        Console.WriteLine(
            $"  {kind.Key,-16}: {Samples.Median(kind.Select(r => r.EventsPerSecond)):N0} events/s, p50 {Samples.Median(kind.Select(r => r.P50Ms)):N2} ms, p99 {Samples.Median(kind.Select(r => r.P99Ms)):N2} ms, " +
            $"{Samples.Median(kind.Select(r => r.AllocatedBytesPerEvent)):N0} B allocated/event, {Samples.Median(kind.Select(r => r.ActivationBytes)):N0} B heap/activation");
    }
}
else
{
    var options = new NodeOptions(
        Int("writers", 64), Int("streams", 1_024), Int("seconds", 15), Int("rounds", 3), Int("payload-bytes", 1_000), Int("page-size", 5_000),
        Int("pgbench-clients", 16), directory, Int("port", 55461), Int("port-b", 55462));
    await NodeBenchmark.RunAsync(options, logs, Console.Out);
}

return 0;
