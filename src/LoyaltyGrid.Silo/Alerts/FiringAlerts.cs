using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Alerts;
using LoyaltyGrid.Grains.Observability;

namespace LoyaltyGrid.Silo.Alerts;

/// <summary>
/// This silo's copy of which alert each rule has firing, as its owners answered the last
/// evaluation round (<see cref="AlertEvaluator"/>): what the KPI snapshots carry, what the wall is
/// pushed and what <c>loyaltygrid.alerts.firing</c> reports, without asking every owner per read.
/// </summary>
public sealed class FiringAlerts
{
    private readonly AlertRuleBook _book;
    private readonly ConcurrentDictionary<string, Alert> _firing = new(StringComparer.Ordinal);
    private long _version;

    public FiringAlerts(AlertRuleBook book, LoyaltyGridMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _book = book;
        // One series per rule in force, 0 while quiet, so a dashboard has data before anything fires.
        metrics.Meter.CreateObservableGauge(
            "loyaltygrid.alerts.firing", Measure, "{alert}", "1 while the rule has an alert firing, else 0; per rule and the storefront and market it watches.");
    }

    /// <summary>Moves on whenever an alert starts or stops firing: the wall's pusher compares it.</summary>
    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyList<Alert> All() => [.. _firing.Values.OrderByDescending(alert => alert.StartedAt)];

    /// <summary>
    /// The alerts firing in <paramref name="scope"/>: the grid sees every alert, a storefront or a
    /// market those of rules inside it, a storefront × market only its own.
    /// </summary>
    public IReadOnlyList<Alert> In(KpiScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return [.. All().Where(alert => Contains(scope, alert))];
    }

    /// <summary>Records what a rule's owner answered; null: nothing firing.</summary>
    public void Update(string rule, Alert? firing)
    {
        var changed = firing is null
            ? _firing.TryRemove(rule, out _)
            : !_firing.TryGetValue(rule, out var known) || known != firing;
        if (firing is not null)
        {
            _firing[rule] = firing;
        }

        if (changed)
        {
            Interlocked.Increment(ref _version);
        }
    }

    internal static bool Contains(KpiScope scope, Alert alert) =>
        (scope.Key == KpiScope.Grid.Key)
        || scope.Key == KpiScope.Of(alert.Storefront, alert.Market).Key
        || (alert.Storefront is not null && scope.Key == KpiScope.Storefront(alert.Storefront).Key)
        || (alert.Market is not null && scope.Key == KpiScope.Market(alert.Market).Key);

    private IEnumerable<Measurement<int>> Measure()
    {
        foreach (var rule in _book.Rules)
        {
            var tags = new List<KeyValuePair<string, object?>> { new("rule", rule.Name) };
            if (rule.Storefront is not null)
            {
                tags.Add(new("storefront", rule.Storefront));
            }

            if (rule.Market is not null)
            {
                tags.Add(new("market", rule.Market));
            }

            yield return new Measurement<int>(_firing.ContainsKey(rule.Name) ? 1 : 0, tags);
        }
    }
}
