using System.Globalization;

namespace LoyaltyGrid.Cli.Bench;

/// <summary>Reads figures out of a Prometheus text exposition (<c>/metrics</c>).</summary>
public static class PrometheusText
{
    /// <summary>The sum of every sample of a metric (all label sets), or null when the metric is absent.</summary>
    public static double? Sum(string exposition, string metric)
    {
        double? sum = null;
        foreach (var line in exposition.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[metric.Length..];
            if (rest.IsEmpty || (rest[0] != ' ' && rest[0] != '{'))
            {
                continue;
            }

            var valueStart = rest[0] == '{' ? rest.IndexOf('}') + 1 : 0;
            var fields = rest[valueStart..].Trim().ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }
}
