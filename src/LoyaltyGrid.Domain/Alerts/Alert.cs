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

    /// <summary>The id of a rule's <paramref name="firing"/>th firing (1, 2, …): unique, and the same on every silo that counts the rule's journal.</summary>
    public static string IdOf(string rule, int firing) => $"{rule}:{firing}";

    [JsonIgnore]
    public bool IsFiring => State == Firing;
}
