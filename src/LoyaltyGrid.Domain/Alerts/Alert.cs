using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// One firing of a rule (api.md "Insight": the alerts resource), from the moment it fired to the
/// moment it resolved. <see cref="Value"/>, <see cref="Expected"/> (anomaly rules only) and
/// <see cref="Threshold"/> are what the rule saw when it fired; for an anomaly the threshold is
/// the edge of the baseline's band the value crossed.
/// </summary>
public sealed record Alert(
    string AlertId,
    string Rule,
    string Metric,
    string? Storefront,
    string? Market,
    string State,
    decimal Value,
    decimal? Expected,
    decimal Threshold,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt)
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    public static IReadOnlyList<string> States { get; } = [Firing, Resolved];

    /// <summary>Decimals an alert keeps: the KPIs' own precision (kpis.md, "Numbers"), so a quotient does not reach the API, the wall and webhooks with 28 digits.</summary>
    public const int FractionDigits = 6;

    public static decimal Rounded(decimal value) =>
        decimal.Round(value, FractionDigits, MidpointRounding.AwayFromZero) / 1.0000000000000000000000000000m;

    /// <summary>The id of a rule's <paramref name="firing"/>th firing (1, 2, …): unique, and the same on every silo that counts the rule's journal.</summary>
    public static string IdOf(string rule, int firing) => $"{rule}:{firing}";

    [JsonIgnore]
    public bool IsFiring => State == Firing;
}
