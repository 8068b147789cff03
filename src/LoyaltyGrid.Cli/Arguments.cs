using System.ComponentModel;
using System.Globalization;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli;

/// <summary>The options every command that talks to servers takes: where they are and which key to use.</summary>
public class ServerSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("Server base URL; repeat it (or separate with commas) to spread the load round robin.")]
    public string[] Url { get; init; } = [];

    [CommandOption("--api-key <KEY>")]
    [Description("API key; repeatable where a command uses several. Defaults to LOYALTYGRID_API_KEY.")]
    public string[] ApiKey { get; init; } = [];

    public IReadOnlyList<Uri> Urls()
    {
        var urls = Arguments.List(Url);
        return urls.Count == 0
            ? throw new ArgumentException("--url is required.")
            : urls.Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--url must be an absolute URL (it was '{url}').")).ToList();
    }

    /// <summary>The API keys from <c>--api-key</c>, else from <paramref name="environmentVariable"/>.</summary>
    public IReadOnlyList<string> ApiKeys(string environmentVariable = "LOYALTYGRID_API_KEY")
    {
        var keys = Arguments.List(ApiKey);
        if (keys.Count > 0)
        {
            return keys;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? throw new ArgumentException($"--api-key is required (or set {environmentVariable}).")
            : Arguments.List([fromEnvironment]);
    }
}

/// <summary>Server options and <c>--json</c>, for commands whose figures can be written to a file.</summary>
public class ReportSettings : ServerSettings
{
    [CommandOption("--json <FILE>")]
    [Description("Also write the figures to FILE as JSON.")]
    public string? Json { get; init; }
}

/// <summary>Report options and <c>--run-id</c>, for benchmarks that make ids of their own.</summary>
public class BenchSettings : ReportSettings
{
    [CommandOption("--run-id <ID>")]
    [Description("Put into every id, so runs do not collide; random by default.")]
    public string? RunId { get; init; }

    public string RunIdOrNew() => RunId ?? Guid.NewGuid().ToString("N")[..8];
}

/// <summary>Option values the parser leaves as text because people write them their own way.</summary>
public static class Arguments
{
    /// <summary>Every value of a repeatable option; a value may also list several, comma-separated.</summary>
    public static IReadOnlyList<string> List(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

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

    /// <summary><c>--progress bar|lines</c>: forced in place or as lines; null lets the terminal decide.</summary>
    public static bool? ProgressMode(string? text) => text switch
    {
        null => null,
        "bar" => true,
        "lines" => false,
        _ => throw new ArgumentException($"--progress must be bar or lines (it was '{text}')."),
    };
}
