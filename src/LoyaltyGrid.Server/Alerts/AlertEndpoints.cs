using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Alerts;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Silo.Alerts;

namespace LoyaltyGrid.Server.Alerts;

/// <summary>
/// <c>GET /api/v1/alerts?state=firing|resolved</c> (api.md "Insight"), read from the rules'
/// owners, which hold their latest alerts in memory (folded from their journal streams); and the
/// snapshot's <c>alerts</c>.
/// </summary>
public static class AlertEndpoints
{
    private const string StateParameter = "state";

    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder insight)
    {
        insight.MapGet("/alerts", GetAlerts)
            .AcceptsOnlyQueryParameters(StateParameter)
            .WithName("GetAlerts")
            .WithSummary("Alerts of the configured rules, newest first; ?state=firing or resolved for one state only.")
            .Produces<AlertList>()
            .ProducesValidationProblem();
        return insight;
    }

    /// <summary>The snapshot with the alerts firing in its scope (always an array, empty when none fire).</summary>
    public static KpiSnapshot WithAlerts(this KpiSnapshot snapshot, FiringAlerts firing)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firing);
        return snapshot with { Alerts = firing.In(KpiScope.Parse(snapshot.Scope)) };
    }

    // The query is read rather than bound, so "?state=" and a repeated state are refused like a misspelt one instead of meaning "all".
    private static async Task<IResult> GetAlerts(HttpRequest request, AlertRuleBook book, IGrainFactory grains)
    {
        string? state = null;
        if (request.Query.TryGetValue(StateParameter, out var values))
        {
            state = values.Count == 1 ? values[0] : null;
            if (state is null || !Alert.States.Contains(state, StringComparer.Ordinal))
            {
                return ApiProblems.Validation(StateParameter, $"must be {string.Join(" or ", Alert.States)}, once");
            }
        }

        var perRule = await Task.WhenAll(book.Rules.Select(rule => grains.GetGrain<IAlertRuleGrain>(rule.Name).Alerts()));
        var alerts = perRule.SelectMany(list => list)
            .Where(alert => state is null || alert.State == state)
            .OrderByDescending(alert => alert.StartedAt)
            .ThenBy(alert => alert.AlertId, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new AlertList(alerts));
    }
}

/// <summary>The body of <c>GET /api/v1/alerts</c>.</summary>
public sealed record AlertList(IReadOnlyList<Alert> Alerts);
