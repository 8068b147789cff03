using System.Text.RegularExpressions;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>
/// An env file (<c>KEY=value</c> lines) and compose's interpolation of <c>${NAME}</c>,
/// <c>${NAME:-default}</c>, <c>${NAME:?message}</c> and <c>$$</c> with it.
/// </summary>
internal sealed partial class ComposeVariables
{
    private readonly Dictionary<string, string> _values;

    private ComposeVariables(Dictionary<string, string> values) => _values = values;

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Every variable name an interpolation asked for, defined or not.</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

    public static ComposeVariables FromEnvFile(string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, number) in File.ReadAllLines(file).Select((line, index) => (line.Trim(), index + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"{file}:{number} is not KEY=value: {line}");
            }

            var key = line[..equals].Trim();
            if (!values.TryAdd(key, line[(equals + 1)..].Trim()))
            {
                throw new FormatException($"{file}:{number} sets {key} a second time.");
            }
        }

        return new ComposeVariables(values);
    }

    public ComposeVariables With(string name, string value)
    {
        var values = new Dictionary<string, string>(_values, StringComparer.Ordinal) { [name] = value };
        return new ComposeVariables(values);
    }

    public string Interpolate(string text) => Reference().Replace(text, match =>
    {
        if (match.Value == "$$")
        {
            return "$";
        }

        var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups["bare"].Value;
        Used.Add(name);
        var modifier = match.Groups["modifier"].Value;
        var argument = match.Groups["argument"].Value;
        var set = _values.TryGetValue(name, out var value);
        var usable = modifier.StartsWith(':') ? set && value!.Length > 0 : set;
        return modifier.TrimStart(':') switch
        {
            "-" => usable ? value! : argument,
            "?" => usable ? value! : throw new InvalidOperationException($"compose would refuse to start: {name} is not set ({argument})"),
            _ => set ? value! : throw new InvalidOperationException($"{name} is used but not defined"),
        };
    });

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<modifier>:?[-?])(?<argument>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Reference();
}
