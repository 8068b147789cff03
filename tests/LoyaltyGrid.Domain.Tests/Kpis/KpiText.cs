using System.Globalization;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Tests.Kpis;

/// <summary>Deltas as short sortable lines, so tables of expectations read like the spec.</summary>
internal static class KpiText
{
    public static string Describe(KpiDelta delta)
    {
        var amount = delta.Amount * delta.Samples;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{(amount >= 0 ? "+" : "")}{amount} {delta.Scope.Key} {delta.Metric} {delta.Bucket.Key}");
        return delta.Dimension is null ? text : $"{text} {delta.Dimension}";
    }

    public static string[] Describe(IEnumerable<KpiDelta> deltas) =>
        [.. deltas.Select(Describe).Order(StringComparer.Ordinal)];

    public static string[] Lines(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];

    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
