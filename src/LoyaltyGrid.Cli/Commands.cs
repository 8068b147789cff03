using LoyaltyGrid.Cli.Bench;
using LoyaltyGrid.Cli.Model;
using LoyaltyGrid.Cli.Replay;
using LoyaltyGrid.Cli.Simulate;

namespace LoyaltyGrid.Cli;

/// <summary>A subcommand: the words that name it, one usage line, and what it does.</summary>
public sealed record Command(string[] Words, string Usage, Func<CommandLine, TextWriter, TextWriter, Task<int>> RunAsync);

/// <summary>
/// Every subcommand of <c>loyaltygrid</c>, in the one place they are registered: a new command is
/// one more entry in <see cref="All"/>.
/// </summary>
public static class Commands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new(["replay"], ReplayOptions.Usage, (line, output, error) => ReplayCommand.RunAsync(ReplayOptions.From(line), output, error)),
        new(["simulate"], SimulateOptions.Usage, (line, output, error) => SimulateCommand.RunAsync(SimulateOptions.From(line), output, error)),
        new(["bench", "purchases"], LoadBenchOptions.Usage("purchases"), (line, output, error) => LoadBench.RunAsync(LoadBenchOptions.From(line, LoadKind.Purchases), output, error)),
        new(["bench", "lookups"], LoadBenchOptions.Usage("lookups"), (line, output, error) => LoadBench.RunAsync(LoadBenchOptions.From(line, LoadKind.Lookups), output, error)),
        new(["bench", "batches"], LoadBenchOptions.Usage("batches"), (line, output, error) => LoadBench.RunAsync(LoadBenchOptions.From(line, LoadKind.Batches), output, error)),
        new(["bench", "freshness"], FreshnessOptions.Usage, (line, output, error) => FreshnessBenchmark.RunAsync(FreshnessOptions.From(line), output, error)),
        new(["bench", "memory"], MemoryBenchOptions.Usage, (line, output, error) => MemoryBenchmark.RunAsync(MemoryBenchOptions.From(line), output, error)),
        new(["model", "validate"], ModelCommand.Usage, ModelCommand.RunAsync),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var line = CommandLine.Parse(args);
        // The longest registered name the words start with: "replay FILE" is replay with its file.
        var command = All
            .Where(candidate => line.Command.Take(candidate.Words.Length).SequenceEqual(candidate.Words, StringComparer.Ordinal))
            .MaxBy(candidate => candidate.Words.Length);
        if (command is null || line.Has("help"))
        {
            return Usage(error, command);
        }

        try
        {
            return await command.RunAsync(line, output, error);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"loyaltygrid {string.Join(' ', command.Words)}: {ex.Message}");
            await error.WriteLineAsync(command.Usage);
            return 2;
        }
    }

    private static int Usage(TextWriter error, Command? command)
    {
        error.WriteLine("usage: loyaltygrid <command> [options]   (docs/cli.md describes every option)");
        foreach (var each in command is null ? All : [command])
        {
            error.WriteLine();
            error.WriteLine(each.Usage);
        }

        return 2;
    }
}
