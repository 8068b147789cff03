using LoyaltyGrid.Domain.Alerts;

namespace LoyaltyGrid.Grains.Alerts;

/// <summary>
/// The one owner in the cluster of an alert rule (keyed by the rule's name; a rule watches one
/// scope): it looks at the rule's window when asked, and journals each firing and resolution in
/// the rule's stream, with the webhook notice that tells it.
/// </summary>
public interface IAlertRuleGrain : IGrainWithStringKey
{
    /// <summary>Looks at the window now (at most once per half evaluation interval) and returns the alert firing after that, if any.</summary>
    Task<Alert?> Evaluate();

    /// <summary>The rule's alerts, newest first: the firing one (if any) and the latest resolved ones.</summary>
    Task<IReadOnlyList<Alert>> Alerts();
}
