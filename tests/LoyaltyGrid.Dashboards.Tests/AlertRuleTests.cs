using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Dashboards.Tests;

/// <summary>
/// deploy/prometheus/alerts.yml in a real Prometheus scraping a real server: every series the
/// rules select is one the server exports, every rule evaluates without error, and a real SLA
/// breach fires its alert. (promtool checks and unit-tests the rules in tests/LoyaltyGrid.Deploy.Tests.)
/// </summary>
public sealed partial class AlertRuleTests
{
    private static readonly string RuleFile = Repository.File("deploy", "prometheus", "alerts.yml");

    [Fact]
    public async Task The_alerting_rules_read_series_the_server_exports_and_a_real_sla_breach_fires_its_alert()
    {
        var environment = await DashboardTests.ServerEnvironmentAsync();
        environment["Observability__KpiGaugeInterval"] = "00:00:00.500";
        await using var server = ServerProcess.Start(environment);
        await server.WaitUntilReadyAsync();
        await using var prometheus = await PrometheusProcess.StartAsync([server.BaseAddress], [RuleFile]);
        await prometheus.WaitForTargetsUpAsync(1, TimeSpan.FromSeconds(30));

        // A complaint filed 25 hours ago is past its 24-hour first-response deadline on arrival.
        using var storefront = DashboardTests.StorefrontClient();
        var now = TimeProvider.System.GetUtcNow();
        await PostOkAsync(storefront, server, "/api/v1/purchases", new { orderId = "alert-o1", customerId = "alert-c1", amount = 40m, currency = "EUR", market = "DE", occurredAt = Timestamp(now.AddHours(-26)) });
        await PostOkAsync(storefront, server, "/api/v1/complaints", new { complaintId = "alert-q1", customerId = "alert-c1", orderId = "alert-o1", category = "logistics", occurredAt = Timestamp(now.AddHours(-25)) });

        // Every selector of every rule matches a series of the scrape, labels and all: a renamed
        // metric or label value would leave a rule silently watching nothing.
        var selectors = Selectors(await File.ReadAllTextAsync(RuleFile)).ToList();
        Assert.NotEmpty(selectors);
        var exported = await EventuallyAsync(
            async () => PrometheusText.Parse(await server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))),
            samples => samples.Any(sample => sample.Name == "loyaltygrid_kpi_sla_breaches" && sample.Has(("scope", "grid"), ("period", "last_60m")) && sample.Value >= 1),
            samples => string.Join('\n', samples.Where(sample => sample.Name == "loyaltygrid_kpi_sla_breaches")));
        Assert.All(MetricNamePattern().Matches(await File.ReadAllTextAsync(RuleFile)).Select(match => match.Value).Distinct(), name => Assert.True(
            exported.Any(sample => sample.Name == name),
            $"{name} is not exported"));
        Assert.All(selectors, selector => Assert.True(
            exported.Any(sample => sample.Name == selector.Metric && sample.Has([.. selector.Labels])),
            $"no exported series matches {selector}"));

        // Prometheus fires the SLA breach alert from the real gauges.
        var firing = await EventuallyAsync(
            () => prometheus.QueryAsync("ALERTS{alertname=\"LoyaltyGridSlaBreach\", alertstate=\"firing\"}"),
            alerts => alerts.GetArrayLength() == 1,
            alerts => alerts.ToString());
        var labels = firing[0].GetProperty("metric");
        Assert.Equal("grid", labels.GetProperty("scope").GetString());
        Assert.Equal("sla-breach", labels.GetProperty("rule").GetString());

        // The business dashboard's alert annotation shows it.
        var annotation = Assert.Single(DashboardTests.Annotations(DashboardTests.Dashboard("loyaltygrid-business.json")));
        var marked = await prometheus.QueryAsync(annotation.GetProperty("expr").GetString()!);
        Assert.Contains(marked.EnumerateArray(), series => series.GetProperty("metric").GetProperty("alertname").GetString() == "LoyaltyGridSlaBreach");

        // And every rule evaluated without an error against real series.
        var rules = (await prometheus.GetAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray()
            .SelectMany(group => group.GetProperty("rules").EnumerateArray())
            .ToList();
        Assert.Equal(6, rules.Count);
        Assert.All(rules, rule => Assert.True(rule.GetProperty("health").GetString() == "ok", rule.ToString()));
    }

    /// <summary>The <c>loyaltygrid_*</c> selectors of PromQL text, with their equality matchers.</summary>
    private static IEnumerable<Selector> Selectors(string rules) =>
        SelectorPattern().Matches(rules)
            .Select(match => new Selector(
                match.Groups["metric"].Value,
                MatcherPattern().Matches(match.Groups["matchers"].Value).Select(matcher => (matcher.Groups["label"].Value, (string?)matcher.Groups["value"].Value)).ToList()))
            .DistinctBy(selector => selector.ToString());

    private static async Task PostOkAsync(HttpClient client, ServerProcess server, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(server.BaseAddress, path), body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, Func<T, string> describe)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        var last = await read();
        while (!condition(last))
        {
            Assert.True(clock.GetElapsedTime(started) < TimeSpan.FromSeconds(60), $"Not reached in time; last seen:\n{describe(last)}");
            await Task.Delay(500);
            last = await read();
        }

        return last;
    }

    private sealed record Selector(string Metric, IReadOnlyList<(string Name, string? Value)> Labels)
    {
        public override string ToString() => $"{Metric}{{{string.Join(", ", Labels.Select(label => $"{label.Name}=\"{label.Value}\""))}}}";
    }

    [GeneratedRegex(@"(?<metric>loyaltygrid_[a-z_]+)\{(?<matchers>[^}]*)\}")]
    private static partial Regex SelectorPattern();

    // Every metric name, with or without matchers; not a prose wildcard such as loyaltygrid_kpi_*.
    [GeneratedRegex(@"loyaltygrid_[a-z_]*[a-z](?![a-z_*])")]
    private static partial Regex MetricNamePattern();

    [GeneratedRegex(@"(?<label>[a-z_]+)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex MatcherPattern();
}
