using System.Globalization;
using System.Text.RegularExpressions;

namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// The <c>Alerts</c> configuration section as written (kpis.md "Alerts"): every value is text or
/// absent until <see cref="Validate"/> has checked it, so a bad one is refused naming its key
/// instead of failing inside the configuration binder.
/// </summary>
public sealed partial class AlertSettings
{
    public const string SectionName = "Alerts";

    /// <summary>The shipped rules (<see cref="AlertDefaults"/>) are on unless this is false.</summary>
    public bool Defaults { get; set; } = true;

    public List<AlertRuleSettings> Rules { get; set; } = [];

    /// <summary>How often every silo asks each rule's owner to look at its window again.</summary>
    public TimeSpan EvaluateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem, each naming the key to fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate() => Resolve().Problems;

    /// <summary>The rules in force: the defaults (if on) and then the configured ones. Throws if any setting is invalid.</summary>
    public IReadOnlyList<AlertRule> RulesInForce()
    {
        var (rules, problems) = Resolve();
        return problems.Count == 0 ? rules : throw new InvalidOperationException(string.Join(" ", problems));
    }

    private (IReadOnlyList<AlertRule> Rules, IReadOnlyList<string> Problems) Resolve()
    {
        var problems = new List<string>();
        var rules = new List<AlertRule>(Defaults ? AlertDefaults.Rules : []);
        if (EvaluateInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:EvaluateInterval must be positive (it was '{EvaluateInterval}').");
        }

        for (var index = 0; index < Rules.Count; index++)
        {
            if (Rules[index].ToRule($"{SectionName}:Rules:{index}:", problems) is { } rule)
            {
                if (rules.Any(other => other.Name == rule.Name))
                {
                    var owner = Defaults && AlertDefaults.Rules.Any(shipped => shipped.Name == rule.Name)
                        ? "a default rule (a configured rule never edits a default; set Alerts:Defaults to false to replace them)"
                        : "another rule";
                    problems.Add($"{SectionName}:Rules:{index}:Name '{rule.Name}' is taken by {owner}.");
                }
                else
                {
                    rules.Add(rule);
                }
            }
        }

        return (rules, problems);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    internal static partial Regex MarketPattern();
}

/// <summary>One <c>Alerts:Rules:N</c> entry as written.</summary>
public sealed class AlertRuleSettings
{
    public string? Name { get; set; }

    public string? Metric { get; set; }

    public string? Storefront { get; set; }

    public string? Market { get; set; }

    /// <summary><c>5m</c> (default) or <c>60m</c>.</summary>
    public string? Window { get; set; }

    public string? Condition { get; set; }

    public string? Threshold { get; set; }

    public string? Sigmas { get; set; }

    /// <summary><c>up</c>, <c>down</c> or <c>both</c> (default); anomaly rules only.</summary>
    public string? Direction { get; set; }

    public string? MinVolume { get; set; }

    public string? For { get; set; }

    internal AlertRule? ToRule(string key, List<string> problems)
    {
        var before = problems.Count;
        if (Name is null || !AlertSettings.IdPattern().IsMatch(Name))
        {
            problems.Add($"{key}Name must be 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':', '-' (it was '{Name}').");
        }

        if (!AlertNames.TryParseMetric(Metric, out var metric))
        {
            problems.Add($"{key}Metric must be one of {string.Join(", ", Enum.GetValues<AlertMetric>().Select(m => m.ToApiName()))} (it was '{Metric}').");
        }

        var storefront = string.IsNullOrEmpty(Storefront) ? null : Storefront;
        if (storefront is not null && !AlertSettings.IdPattern().IsMatch(storefront))
        {
            problems.Add($"{key}Storefront must be a storefront id (it was '{Storefront}').");
        }

        var market = string.IsNullOrEmpty(Market) ? null : Market;
        if (market is not null && !AlertSettings.MarketPattern().IsMatch(market))
        {
            problems.Add($"{key}Market must be an ISO 3166-1 alpha-2 code in capitals, such as DE (it was '{Market}').");
        }

        var window = AlertWindow.Last5m;
        if (Window is not null && !AlertNames.TryParseWindow(Window, out window))
        {
            problems.Add($"{key}Window must be 5m or 60m (it was '{Window}').");
        }

        if (!AlertNames.TryParseCondition(Condition, out var condition))
        {
            problems.Add($"{key}Condition must be above, below or anomaly (it was '{Condition}').");
        }

        var threshold = 0m;
        if (condition != AlertCondition.Anomaly && !TryDecimal(Threshold, out threshold))
        {
            problems.Add($"{key}Threshold must be a number for an above or below rule (it was '{Threshold}').");
        }

        var sigmas = AlertRule.DefaultSigmas;
        if (Sigmas is not null && (!TryDecimal(Sigmas, out sigmas) || sigmas <= 0))
        {
            problems.Add($"{key}Sigmas must be a positive number (it was '{Sigmas}').");
        }

        var direction = AlertDirection.Both;
        if (Direction is not null && !AlertNames.TryParseDirection(Direction, out direction))
        {
            problems.Add($"{key}Direction must be up, down or both (it was '{Direction}').");
        }

        // The live series keeps 60 minutes: a 60-minute window would leave none before it to learn from.
        if (condition == AlertCondition.Anomaly && window == AlertWindow.Last60m)
        {
            problems.Add($"{key}Window must be 5m for an anomaly rule: its baseline is the per-minute series before the window, and the live series holds only 60 minutes.");
        }

        long minVolume = 0;
        if (MinVolume is not null && (!long.TryParse(MinVolume, NumberStyles.None, CultureInfo.InvariantCulture, out minVolume)))
        {
            problems.Add($"{key}MinVolume must be a whole number of events, 0 or more (it was '{MinVolume}').");
        }

        var hold = TimeSpan.Zero;
        if (For is not null && (!TimeSpan.TryParse(For, CultureInfo.InvariantCulture, out hold) || hold < TimeSpan.Zero))
        {
            problems.Add($"{key}For must be a duration such as 00:01:00, 0 or more (it was '{For}').");
        }

        return problems.Count > before
            ? null
            : new AlertRule(Name!, metric, storefront, market, window, condition, threshold, sigmas, direction, minVolume, hold);
    }

    private static bool TryDecimal(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
