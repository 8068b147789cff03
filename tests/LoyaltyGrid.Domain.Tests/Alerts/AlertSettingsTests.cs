using System.Text.Json;
using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Domain.Notices;

namespace LoyaltyGrid.Domain.Tests.Alerts;

public class AlertSettingsTests
{
    private static AlertRuleSettings Valid(string name = "mine") => new() { Name = name, Metric = "orders", Condition = "below", Threshold = "5", Window = "60m", MinVolume = "0", For = "00:00:02" };

    [Fact]
    public void The_defaults_are_the_five_kpis_md_lists()
    {
        var rules = new AlertSettings().RulesInForce();

        Assert.Equal(
            [
                ("complaintRate", AlertCondition.Anomaly, AlertDirection.Up, 0m),
                ("conversionRate", AlertCondition.Anomaly, AlertDirection.Down, 0m),
                ("refundRate", AlertCondition.Above, AlertDirection.Both, 0.2m),
                ("slaBreaches", AlertCondition.Above, AlertDirection.Both, 0m),
                ("negativeShare", AlertCondition.Above, AlertDirection.Both, 0.5m),
            ],
            rules.Select(rule => (rule.Metric.ToApiName(), rule.Condition, rule.Direction, rule.Threshold)));
        Assert.All(rules, rule => Assert.Equal(3m, rule.Sigmas));
        Assert.Equal(AlertWindow.Last60m, rules.Single(rule => rule.Metric == AlertMetric.SlaBreaches).Window);
        Assert.Empty(new AlertSettings().Validate());
    }

    [Fact]
    public void Configured_rules_come_in_addition_and_rule_0_never_edits_a_default()
    {
        var settings = new AlertSettings { Rules = [Valid()] };

        var rules = settings.RulesInForce();

        Assert.Equal(6, rules.Count);
        Assert.Equal(AlertDefaults.Rules, rules.Take(5));
        Assert.Equal(new AlertRule("mine", AlertMetric.Orders, null, null, AlertWindow.Last60m, AlertCondition.Below, 5, 3, AlertDirection.Both, 0, TimeSpan.FromSeconds(2)), rules[5]);
    }

    [Fact]
    public void Defaults_false_leaves_only_the_configured_rules() =>
        Assert.Equal(["mine"], new AlertSettings { Defaults = false, Rules = [Valid()] }.RulesInForce().Select(rule => rule.Name));

    [Fact]
    public void A_configured_rule_with_a_default_name_is_refused_not_merged()
    {
        var problems = new AlertSettings { Rules = [Valid("refund-rate-high")] }.Validate();

        Assert.Contains(problems, problem => problem.StartsWith("Alerts:Rules:0:Name 'refund-rate-high' is taken by a default rule", StringComparison.Ordinal));
        Assert.Empty(new AlertSettings { Defaults = false, Rules = [Valid("refund-rate-high")] }.Validate());
    }

    public static TheoryData<Action<AlertRuleSettings>, string> BadRules => new()
    {
        { rule => rule.Name = null, "Alerts:Rules:0:Name" },
        { rule => rule.Name = "has space", "Alerts:Rules:0:Name" },
        { rule => rule.Metric = "revenue", "Alerts:Rules:0:Metric" },
        { rule => rule.Window = "15m", "Alerts:Rules:0:Window" },
        { rule => rule.Condition = "over", "Alerts:Rules:0:Condition" },
        { rule => rule.Threshold = null, "Alerts:Rules:0:Threshold" },
        { rule => rule.Threshold = "a lot", "Alerts:Rules:0:Threshold" },
        { rule => rule.Sigmas = "0", "Alerts:Rules:0:Sigmas" },
        { rule => rule.Direction = "sideways", "Alerts:Rules:0:Direction" },
        { rule => rule.MinVolume = "-1", "Alerts:Rules:0:MinVolume" },
        { rule => rule.For = "-00:00:01", "Alerts:Rules:0:For" },
        { rule => rule.For = "soon", "Alerts:Rules:0:For" },
        { rule => rule.Market = "de", "Alerts:Rules:0:Market" },
        { rule => rule.Storefront = "a/b", "Alerts:Rules:0:Storefront" },
        { rule => rule.Condition = "anomaly", "Alerts:Rules:0:Window" }, // an anomaly on the 60-minute window has no minutes before it
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void A_bad_setting_is_refused_naming_its_key(Action<AlertRuleSettings> spoil, string key)
    {
        var rule = Valid();
        spoil(rule);

        var problems = new AlertSettings { Rules = [rule] }.Validate();

        Assert.Contains(problems, problem => problem.StartsWith(key + " ", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => new AlertSettings { Rules = [rule] }.RulesInForce());
    }

    [Fact]
    public void An_anomaly_rule_needs_no_threshold_and_takes_its_direction_and_sigmas()
    {
        var settings = new AlertSettings { Defaults = false, Rules = [new() { Name = "a", Metric = "nps", Condition = "anomaly", Direction = "down", Sigmas = "2.5", Storefront = "store-a", Market = "JP" }] };

        var rule = settings.RulesInForce().Single();

        Assert.Equal((AlertCondition.Anomaly, AlertDirection.Down, 2.5m, AlertWindow.Last5m, "storefront-market:store-a|JP"), (rule.Condition, rule.Direction, rule.Sigmas, rule.Window, rule.Scope.Key));
    }

    [Fact]
    public void Alert_notices_are_journaled_and_sent_as_the_alert_under_the_webhook_types()
    {
        var alert = new Alert("r:1", "r", "complaintRate", "store-a", null, "firing", 0.5m, 0.02m, 0.08m, DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), null);
        var resolved = alert with { State = "resolved", ResolvedAt = alert.StartedAt.AddMinutes(2) };
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        Notice firing = AlertNotice.Of(alert);
        var written = JsonSerializer.Serialize(firing, json);
        var read = (AlertNotice)JsonSerializer.Deserialize<Notice>(written, json)!;

        Assert.Equal((NoticeTypes.AlertFiring, NoticeTypes.AlertResolved), (firing.WebhookType, AlertNotice.Of(resolved).WebhookType));
        Assert.StartsWith("{\"type\":\"alert.firing\"", written, StringComparison.Ordinal);
        Assert.Equal(alert, read.ToAlert());
        Assert.Equal(resolved.ResolvedAt, AlertNotice.Of(resolved).OccurredAt);
        Assert.Null(firing.AboutCustomer);
    }
}
