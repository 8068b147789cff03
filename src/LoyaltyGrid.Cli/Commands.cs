using LoyaltyGrid.Cli.Bench;
using LoyaltyGrid.Cli.Model;
using LoyaltyGrid.Cli.Replay;
using LoyaltyGrid.Cli.Simulate;
using LoyaltyGrid.Cli.Terminal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli;

/// <summary>
/// Every subcommand of <c>loyaltygrid</c>, registered in one place with Spectre.Console.Cli, which
/// parses, checks types and writes <c>--help</c>. Exit codes: 0 done (and <c>--help</c>), 1 the
/// run failed, 2 the command line was wrong.
/// </summary>
public static class Commands
{
    public const int UsageError = 2;

    /// <summary>Every command's words, for tests and docs: <c>bench purchases</c> and so on.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["replay", "simulate", "bench purchases", "bench lookups", "bench batches", "bench freshness", "bench memory", "bench history", "model validate"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var app = Build(output, error);
        try
        {
            return await app.RunAsync(args);
        }
        catch (CommandAppException ex)
        {
            // Unknown commands and options, missing or mistyped values: say so, and where help is.
            var console = Consoles.For(error);
            console.MarkupLine($"[red]loyaltygrid: {Markup.Escape(ex.Message)}[/]");
            console.WriteLine($"Run 'loyaltygrid {string.Join(' ', CommandWords(args))}{(CommandWords(args).Any() ? " " : "")}--help' for usage.");
            return UsageError;
        }
    }

    private static CommandApp Build(TextWriter output, TextWriter error)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("loyaltygrid");
            config.ConfigureConsole(Consoles.For(output));
            config.PropagateExceptions();
            config.UseStrictParsing();

            config.AddAsyncDelegate<ReplaySettings>("replay", (_, settings, _) => RunAsync(["replay"], output, error, () => ReplayCommand.RunAsync(ReplayOptions.From(settings), output, error)))
                .WithDescription(ReplayOptions.Description)
                .WithExample("replay", "data/cdnow/CDNOW_master.txt", "--url", "http://localhost:5080", "--api-key", "KEY");
            config.AddAsyncDelegate<SimulateSettings>("simulate", (_, settings, _) => RunAsync(["simulate"], output, error, () => SimulateCommand.RunAsync(SimulateOptions.From(settings), output, error)))
                .WithDescription(SimulateOptions.Description)
                .WithExample("simulate", "--url", "http://localhost:5080", "--api-key", "KEY", "--rate", "50", "--duration", "1m");
            config.AddBranch("bench", bench =>
            {
                bench.SetDescription("Benchmarks against running servers; each prints its figures and can write them as JSON.");
                foreach (var kind in new[] { LoadKind.Purchases, LoadKind.Lookups, LoadKind.Batches })
                {
                    var name = kind.ToString().ToLowerInvariant();
                    bench.AddAsyncDelegate<LoadBenchSettings>(name, (_, settings, _) => RunAsync(["bench", name], output, error, () => LoadBench.RunAsync(LoadBenchOptions.From(settings, kind), output, error)))
                        .WithDescription(LoadBenchOptions.Description(kind))
                        .WithExample("bench", name, "--url", "http://localhost:5080", "--api-key", "KEY", "--duration", "20s");
                }

                bench.AddAsyncDelegate<FreshnessSettings>("freshness", (_, settings, _) => RunAsync(["bench", "freshness"], output, error, () => FreshnessBenchmark.RunAsync(FreshnessOptions.From(settings), output, error)))
                    .WithDescription(FreshnessOptions.Description);
                bench.AddAsyncDelegate<MemoryBenchSettings>("memory", (_, settings, _) => RunAsync(["bench", "memory"], output, error, () => MemoryBenchmark.RunAsync(MemoryBenchOptions.From(settings), output, error)))
                    .WithDescription(MemoryBenchOptions.Description);
                bench.AddAsyncDelegate<HistoryBenchSettings>("history", (_, settings, _) => RunAsync(["bench", "history"], output, error, () => HistoryBenchmark.RunAsync(HistoryBenchOptions.From(settings), output, error)))
                    .WithDescription(HistoryBenchOptions.Description)
                    .WithExample("bench", "history", "--url", "http://localhost:5080", "--api-key", "KEY", "--pg", "Host=localhost;Username=loyaltygrid;Database=postgres");
            });
            config.AddBranch("model", model =>
            {
                model.SetDescription("The repurchase model.");
                model.AddAsyncDelegate<ModelSettings>("validate", (_, settings, _) => RunAsync(["model", "validate"], output, error, () => ModelCommand.RunAsync(settings, output, error)))
                    .WithDescription(ModelCommand.Description)
                    .WithExample("model", "validate", "--data", "data/cdnow/CDNOW_master.txt", "--plot", "holdout.png");
            });
        });
        return app;
    }

    // A value the parser took but the command refuses (--batch-size 5000) is a usage error as
    // well: the message, then the command's own help, on standard error.
    private static async Task<int> RunAsync(string[] words, TextWriter output, TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (ArgumentException ex)
        {
            Consoles.For(error).MarkupLine($"[red]loyaltygrid {string.Join(' ', words)}: {Markup.Escape(ex.Message)}[/]");
            await Build(error, error).RunAsync([.. words, "--help"]);
            return UsageError;
        }
    }

    private static IEnumerable<string> CommandWords(IReadOnlyList<string> args) =>
        args.TakeWhile(arg => !arg.StartsWith('-')).Take(2).Where(word => Names.Any(name => name.Split(' ').Contains(word, StringComparer.Ordinal)));
}
