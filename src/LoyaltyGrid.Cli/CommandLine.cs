using System.Globalization;

namespace LoyaltyGrid.Cli;

/// <summary>Positional words, then <c>--name value</c> options.</summary>
public sealed record CommandLine(IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Options)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var command = args.TakeWhile(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToList();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = command.Count; i < args.Count; i++)
        {
            var name = args[i].TrimStart('-');
            options[name] = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        return new CommandLine(command, options);
    }

    public string Required(string name) =>
        Options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string Text(string name, string fallback) => Options.GetValueOrDefault(name, fallback);

    public double Number(string name, double fallback) =>
        Options.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static int Usage(TextWriter error)
    {
        error.WriteLine("""
            usage: loyaltygrid bench freshness --url URL --storefront-key KEY --ops-key KEY [--storefront ID] [--rate PER_SECOND] [--seconds N] [--concurrency N]

              Sends purchases at a fixed rate and measures, for the k-th acknowledged purchase, the time from its
              200 to the first KPI hub message whose order count includes it. Prints p50, p90, p99 and max.
            """);
        return 2;
    }
}
