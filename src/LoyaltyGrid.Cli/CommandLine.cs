using System.Globalization;

namespace LoyaltyGrid.Cli;

/// <summary>Positional words, then <c>--name value</c> options; an option given twice keeps every value.</summary>
public sealed record CommandLine(IReadOnlyList<string> Command, IReadOnlyDictionary<string, IReadOnlyList<string>> Options)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var command = args.TakeWhile(arg => !arg.StartsWith("--", StringComparison.Ordinal)).ToList();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = command.Count; i < args.Count; i++)
        {
            var name = args[i].TrimStart('-');
            var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = [];
            }

            values.Add(value);
        }

        return new CommandLine(command, options.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value, StringComparer.Ordinal));
    }

    public bool Has(string name) => Options.ContainsKey(name);

    public string Required(string name) =>
        Options.TryGetValue(name, out var values) ? values[^1] : throw new ArgumentException($"--{name} is required.");

    public string Text(string name, string fallback) => Options.TryGetValue(name, out var values) ? values[^1] : fallback;

    public string? Optional(string name) => Options.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of a repeatable option; a value may also list several, comma-separated.</summary>
    public IReadOnlyList<string> All(string name) =>
        Options.TryGetValue(name, out var values)
            ? values.SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : [];

    public double Number(string name, double fallback) =>
        Options.TryGetValue(name, out var values) ? ParseNumber(name, values[^1]) : fallback;

    public int Integer(string name, int fallback) => (int)Number(name, fallback);

    public bool Flag(string name) => Options.TryGetValue(name, out var values) && values[^1] is not ("false" or "0" or "no");

    public TimeSpan Duration(string name, TimeSpan fallback) =>
        Options.TryGetValue(name, out var values) ? ParseDuration(values[^1]) : fallback;

    /// <summary>The API key from <c>--api-key</c> (repeatable), else from <paramref name="environmentVariable"/>.</summary>
    public IReadOnlyList<string> ApiKeys(string environmentVariable = "LOYALTYGRID_API_KEY")
    {
        var keys = All("api-key");
        if (keys.Count > 0)
        {
            return keys;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? throw new ArgumentException($"--api-key is required (or set {environmentVariable}).")
            : fromEnvironment.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public IReadOnlyList<Uri> Urls()
    {
        var urls = All("url");
        return urls.Count == 0
            ? throw new ArgumentException("--url is required.")
            : urls.Select(url => new Uri(url, UriKind.Absolute)).ToList();
    }

    /// <summary>Durations as people write them: <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>1h</c>; a bare number is seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var trimmed = text.Trim();
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours),
        ];
        foreach (var (suffix, make) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(trimmed[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return make(amount);
            }
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"'{text}' is not a duration (e.g. 500ms, 30s, 10m, 1h).");
    }

    private static double ParseNumber(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a number (it was '{text}').");
}
