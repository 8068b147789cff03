using LoyaltyGrid.Domain.Alerts;

namespace LoyaltyGrid.Domain.Tests.Alerts;

public class AlertStateMachineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static readonly AlertRule Rule = new(
        "complaints-high", AlertMetric.ComplaintRate, "store-a", "DE", AlertWindow.Last5m, AlertCondition.Above, 0.2m, 3, AlertDirection.Both, 10, TimeSpan.FromSeconds(60));

    private static AlertObservation Seen(bool breached) => new(breached ? 0.5m : 0.1m, 40, null, 0.2m, breached);

    /// <summary>Runs looks at (seconds after start, breached) and writes what changed at each as "fire:{id}", "resolve:{id}" or "-".</summary>
    private static string Run(AlertRule rule, params (int Second, bool Breached)[] looks)
    {
        var state = AlertState.Initial;
        var log = new List<string>();
        foreach (var (second, breached) in looks)
        {
            var step = AlertStateMachine.Next(rule, state, Seen(breached), Start.AddSeconds(second));
            state = step.State;
            log.Add(step.Changed is null ? "-" : $"{(step.Changed.IsFiring ? "fire" : "resolve")}:{step.Changed.AlertId}");
        }

        return string.Join(" ", log);
    }

    public static TheoryData<string, (int, bool)[], string> Sequences => new()
    {
        { "a breach held for For fires once", [(0, true), (30, true), (60, true), (61, true), (120, true)], "- - fire:complaints-high:1 - -" },
        { "a breach shorter than For never fires", [(0, true), (59, true), (60, false), (61, true), (100, true)], "- - - - -" },
        { "a breach interrupted starts its hold again", [(0, true), (50, false), (51, true), (110, true), (111, true)], "- - - - fire:complaints-high:1" },
        { "it resolves once the condition has not held for For", [(0, true), (60, true), (61, false), (100, false), (121, false), (200, false)], "- fire:complaints-high:1 - - resolve:complaints-high:1 -" },
        { "a breach while clearing keeps it firing", [(0, true), (60, true), (70, false), (120, true), (130, false), (189, false), (190, false)], "- fire:complaints-high:1 - - - - resolve:complaints-high:1" },
        { "each firing is its own alert", [(0, true), (60, true), (61, false), (121, false), (122, true), (182, true)], "- fire:complaints-high:1 - resolve:complaints-high:1 - fire:complaints-high:2" },
        { "never breached, never fires", [(0, false), (600, false)], "- -" },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Pending_firing_resolved_with_the_for_hold(string because, (int, bool)[] looks, string expected) =>
        Assert.True(expected == Run(Rule, looks), $"{because}: {Run(Rule, looks)}");

    [Fact]
    public void Without_a_hold_the_first_breach_fires_and_the_first_clear_resolves() =>
        Assert.Equal("fire:complaints-high:1 - resolve:complaints-high:1", Run(Rule with { For = TimeSpan.Zero }, (0, true), (1, true), (2, false)));

    [Fact]
    public void The_alert_keeps_what_it_saw_to_the_kpis_six_decimals()
    {
        var fired = AlertStateMachine.Next(
            Rule with { For = TimeSpan.Zero }, AlertState.Initial, new AlertObservation(41m / 100.03m, 40, 1m / 3m, 0.2000004m, true), Start).Changed!;

        Assert.Equal("0.409877", fired.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.333333", fired.Expected!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.2", fired.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_alert_says_what_the_rule_saw_when_it_fired_and_when_it_resolved()
    {
        var fired = AlertStateMachine.Next(Rule with { For = TimeSpan.Zero }, AlertState.Initial, new AlertObservation(0.5m, 40, null, 0.2m, true), Start);
        var resolved = AlertStateMachine.Next(Rule with { For = TimeSpan.Zero }, fired.State, Seen(false), Start.AddMinutes(3));

        Assert.Equal(new Alert("complaints-high:1", "complaints-high", "complaintRate", "store-a", "DE", "firing", 0.5m, null, 0.2m, Start, null), fired.Changed);
        Assert.Equal(fired.Changed! with { State = "resolved", ResolvedAt = Start.AddMinutes(3) }, resolved.Changed);
        Assert.Null(resolved.State.Firing);
        Assert.Equal(1, resolved.State.Firings);
    }

    [Fact]
    public void Replaying_the_journaled_changes_gives_the_state_that_made_them()
    {
        var firing = new Alert("r:1", "r", "orders", null, null, "firing", 1, null, 0, Start, null);
        var state = AlertState.Initial.Apply(firing).Apply(firing with { State = "resolved", ResolvedAt = Start.AddMinutes(1) }).Apply(firing with { AlertId = "r:2" });

        Assert.Equal(2, state.Firings);
        Assert.Equal("r:2", state.Firing!.AlertId);
    }
}
