using LoyaltyGrid.Domain.Alerts;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Grains.Alerts;

/// <summary>The rules in force on this silo, by name: the defaults (unless turned off) and the configured ones.</summary>
public sealed class AlertRuleBook
{
    public AlertRuleBook(IOptions<AlertSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Rules = settings.Value.RulesInForce();
        EvaluateInterval = settings.Value.EvaluateInterval;
        ByName = Rules.ToDictionary(rule => rule.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<AlertRule> Rules { get; }

    public IReadOnlyDictionary<string, AlertRule> ByName { get; }

    public TimeSpan EvaluateInterval { get; }
}
