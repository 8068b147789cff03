using System.Diagnostics;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>
/// deploy/prometheus/alerts.yml checked by the real promtool (Debian's prometheus package): the
/// rules are valid, their unit tests (alerts.test.yml) pass, and the compose Prometheus loads them.
/// That the metrics they read are the server's is checked against a real server in
/// tests/LoyaltyGrid.Dashboards.Tests (AlertRuleTests).
/// </summary>
public sealed class PrometheusRulesTests
{
    private const string Promtool = "/usr/bin/promtool";

    private static readonly YamlNode Config = YamlNode.Load(Repo.Deploy("prometheus", "prometheus.yml"));

    [Fact]
    public async Task Promtool_check_rules_accepts_the_alerting_rules()
    {
        var (exit, output) = await PromtoolAsync("check", "rules", "alerts.yml");

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_test_rules_passes_the_unit_tests_of_every_alert()
    {
        var (exit, output) = await PromtoolAsync("test", "rules", "alerts.test.yml");

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_description_and_the_unit_tests_cover_it()
    {
        var rules = YamlNode.Load(Repo.Deploy("prometheus", "alerts.yml"))["groups"].Items
            .SelectMany(group => group["rules"].Items)
            .ToList();
        var tested = YamlNode.Load(Repo.Deploy("prometheus", "alerts.test.yml"))["tests"].Items
            .SelectMany(test => test["alert_rule_test"].Items)
            .ToList();

        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var name = rule["alert"].Text;
            Assert.Contains(rule["labels"]["severity"].Text, new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(rule["annotations"]["summary"].Text), $"{name}: summary");
            Assert.False(string.IsNullOrWhiteSpace(rule["annotations"]["description"].Text), $"{name}: description");
            // Each rule both fires and stays quiet somewhere in its unit tests.
            var cases = tested.Where(test => test["alertname"].Text == name).ToList();
            Assert.True(cases.Any(test => test["exp_alerts"].Items.Count > 0), $"{name}: no unit test where it fires");
            Assert.True(cases.Any(test => test["exp_alerts"].Items.Count == 0), $"{name}: no unit test where it stays quiet");
        }

        // The five defaults of kpis.md, under the names the in-app rules give their alerts.
        Assert.Equal(
            ["complaint-rate-anomaly", "conversion-rate-anomaly", "negative-feedback-high", "refund-rate-high", "sla-breach"],
            rules.Select(rule => rule["labels"].Get("rule")?.Text).OfType<string>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Promtool_check_config_finds_the_rule_files_the_prometheus_config_names()
    {
        Assert.Contains("alerts.yml", Config["rule_files"].Items.Select(item => item.Text));

        var (exit, output) = await PromtoolAsync("check", "config", "prometheus.yml");

        Assert.True(exit == 0, output);
        Assert.Contains("alerts.yml", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_mounts_every_rule_file_where_the_prometheus_config_looks_for_it()
    {
        var prometheus = YamlNode.Load(Repo.Deploy("docker-compose.yml"))["services"]["prometheus"];
        var configFile = prometheus["command"].Items.Select(item => item.Text).Single(argument => argument.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var mounts = prometheus["volumes"].Items.Select(item => item.Text.Split(':')).Where(parts => parts.Length >= 2).ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);

        foreach (var ruleFile in Config["rule_files"].Items.Select(item => item.Text))
        {
            // Prometheus resolves a relative rule file against the config file's folder.
            var inContainer = Path.Combine(Path.GetDirectoryName(configFile)!, ruleFile);
            Assert.True(mounts.TryGetValue(inContainer, out var source), $"{inContainer} is not mounted into the prometheus service");
            Assert.Equal(Path.GetFullPath(Repo.Deploy("prometheus", ruleFile)), Path.GetFullPath(Path.Combine(Repo.Deploy(), source)));
        }
    }

    private static async Task<(int Exit, string Output)> PromtoolAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install Debian's prometheus package (apt-get install prometheus); .ci/run does.");
        var start = new ProcessStartInfo(Promtool)
        {
            WorkingDirectory = Repo.Deploy("prometheus"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, $"promtool {string.Join(' ', arguments)}:\n{await stdout}{await stderr}");
    }
}
