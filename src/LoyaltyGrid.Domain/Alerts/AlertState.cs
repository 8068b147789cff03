namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// Where a rule stands. <see cref="Firings"/> and <see cref="Firing"/> are journaled (a firing and
/// a resolution each); <see cref="BreachSince"/> and <see cref="ClearSince"/>, the starts of the
/// two <c>For</c> holds, are only in memory: an owner that starts again starts its hold again, so
/// a silo kill can delay a firing or a resolution by one <c>For</c>, never double one.
/// </summary>
public sealed record AlertState(int Firings, Alert? Firing, DateTimeOffset? BreachSince, DateTimeOffset? ClearSince)
{
    public static AlertState Initial { get; } = new(0, null, null, null);

    /// <summary>The state a journaled firing or resolution leaves (replay of the rule's stream).</summary>
    public AlertState Apply(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.IsFiring
            ? new AlertState(Firings + 1, alert, null, null)
            : new AlertState(Firings, null, null, null);
    }
}

/// <summary>What one look at a rule changed: its new state, and the alert that fired or resolved now (to journal), if any.</summary>
public sealed record AlertStep(AlertState State, Alert? Changed);

/// <summary>
/// The pending → firing → resolved machine of kpis.md "Alerts", as a pure function of the state,
/// one observation and the time it was made.
/// </summary>
public static class AlertStateMachine
{
    public static AlertStep Next(AlertRule rule, AlertState state, AlertObservation observation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observation);
        return state.Firing is { } firing ? WhileFiring(rule, state, firing, observation, now) : WhileQuiet(rule, state, observation, now);
    }

    private static AlertStep WhileQuiet(AlertRule rule, AlertState state, AlertObservation observation, DateTimeOffset now)
    {
        if (!observation.Breached)
        {
            return new(state with { BreachSince = null }, null);
        }

        var since = state.BreachSince ?? now;
        if (now - since < rule.For)
        {
            return new(state with { BreachSince = since }, null);
        }

        var alert = new Alert(
            Alert.IdOf(rule.Name, state.Firings + 1),
            rule.Name,
            rule.Metric.ToApiName(),
            rule.Storefront,
            rule.Market,
            Alert.Firing,
            Alert.Rounded(observation.Value),
            observation.Expected is { } expected ? Alert.Rounded(expected) : null,
            Alert.Rounded(observation.Threshold),
            now,
            null);
        return new(state.Apply(alert), alert);
    }

    private static AlertStep WhileFiring(AlertRule rule, AlertState state, Alert firing, AlertObservation observation, DateTimeOffset now)
    {
        if (observation.Breached)
        {
            return new(state with { ClearSince = null }, null);
        }

        var since = state.ClearSince ?? now;
        if (now - since < rule.For)
        {
            return new(state with { ClearSince = since }, null);
        }

        var resolved = firing with { State = Alert.Resolved, ResolvedAt = now };
        return new(state.Apply(resolved), resolved);
    }
}
