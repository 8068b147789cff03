using System.Globalization;
using System.Text;

namespace LoyaltyGrid.Testing;

/// <summary>One sample of the Prometheus text format: <c>name{label="value",…} value</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.GetValueOrDefault(name);

    /// <summary>Whether every given label has the given value (absent when the value is null).</summary>
    public bool Has(params (string Name, string? Value)[] labels) => labels.All(label => Label(label.Name) == label.Value);

    public override string ToString() =>
        $"{Name}{{{string.Join(",", Labels.Select(label => $"{label.Key}=\"{label.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Reads the classic Prometheus text exposition format, enough to check what /metrics says
/// without trusting the order of labels or comparing whole lines.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line.TrimEnd('\r')));
        }

        return samples;
    }

    /// <summary>The metric families the text declares, by name, with their type.</summary>
    public static IReadOnlyDictionary<string, string> Types(string text) =>
        text.Split('\n')
            .Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[2], parts => parts[3], StringComparer.Ordinal);

    private static PrometheusSample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space))
        {
            name = line[..brace];
            rest = ParseLabels(line, brace + 1, labels);
        }
        else
        {
            name = line[..space];
            rest = space;
        }

        // A sample may carry a timestamp after its value; only the value matters here.
        var value = line[rest..].Trim().Split(' ')[0];
        return new PrometheusSample(name, labels, ParseValue(value));
    }

    private static int ParseLabels(string line, int index, Dictionary<string, string> labels)
    {
        while (line[index] != '}')
        {
            var equals = line.IndexOf('=', index);
            var key = line[index..equals];
            index = equals + 2; // past ="
            var value = new StringBuilder();
            while (line[index] != '"')
            {
                if (line[index] == '\\')
                {
                    index++;
                    value.Append(line[index] == 'n' ? '\n' : line[index]);
                }
                else
                {
                    value.Append(line[index]);
                }

                index++;
            }

            labels[key] = value.ToString();
            index++; // past the closing quote
            if (line[index] == ',')
            {
                index++;
            }
        }

        return index + 1;
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
