using System.Text.RegularExpressions;
using LoyaltyGrid.Silo;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>deploy/kubernetes/*.yaml read as kubectl apply -k would apply them.</summary>
public sealed class KubernetesTests
{
    private static readonly IReadOnlyList<(string File, YamlNode Object)> Objects = Directory
        .GetFiles(Repo.Deploy("kubernetes"), "*.yaml")
        .Where(file => Path.GetFileName(file) != "kustomization.yaml")
        .Order(StringComparer.Ordinal)
        .SelectMany(file => YamlNode.LoadAll(file).Where(document => !document.IsNull).Select(document => (Path.GetFileName(file), document)))
        .ToList();

    private static YamlNode Deployment => Single("Deployment");

    private static YamlNode PodTemplate => Deployment["spec"]["template"];

    private static YamlNode Container => Assert.Single(PodTemplate["spec"]["containers"].Items);

    private static Dictionary<string, string> PodLabels => PodTemplate["metadata"]["labels"].Strings();

    [Fact]
    public void The_kustomization_applies_every_manifest_into_the_one_namespace()
    {
        var kustomization = YamlNode.Load(Repo.Deploy("kubernetes", "kustomization.yaml"));
        Assert.Equal(
            Objects.Select(item => item.File).Distinct().Order(StringComparer.Ordinal),
            kustomization["resources"].Items.Select(item => item.Text).Order(StringComparer.Ordinal));

        var ns = Single("Namespace")["metadata"]["name"].Text;
        foreach (var (file, item) in Objects.Where(item => item.Object["kind"].Text != "Namespace"))
        {
            Assert.True(ns == item["metadata"]["namespace"].Text, $"{file}: {item["kind"].Text} is not in namespace {ns}");
        }
    }

    [Fact]
    public void At_least_three_silos_run_the_image_compose_builds()
    {
        Assert.True(Deployment["spec"]["replicas"].Int >= 3);
        Assert.Equal(ComposeTests.Image, Container["image"].Text);
        AssertSelects(Deployment["spec"]["selector"]["matchLabels"].Strings(), "the Deployment's selector");
    }

    [Fact]
    public void Every_variable_a_pod_gets_is_one_the_server_reads_and_its_sources_exist()
    {
        var names = Environment().Keys.Concat(Container["env"].Items.Select(item => item["name"].Text)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        var unread = Settings.Unread(names);
        Assert.True(unread.Count == 0, string.Join("; ", unread));
    }

    [Fact]
    public void Each_pod_advertises_its_own_pod_IP_to_the_cluster()
    {
        var advertised = Container["env"].Items.Single(item => item["name"].Text == "Orleans__AdvertisedIPAddress");
        Assert.Equal("status.podIP", advertised["valueFrom"]["fieldRef"]["fieldPath"].Text);
        Assert.DoesNotContain("Orleans__AdvertisedIPAddress", Environment().Keys);
    }

    [Fact]
    public void Container_ports_are_the_ones_the_server_listens_on()
    {
        var environment = Environment();
        var ports = Container["ports"].Items.ToDictionary(port => port["name"].Text, port => port["containerPort"].Int);
        var defaults = new OrleansHostingOptions();
        Assert.Equal(Settings.HttpPort(environment["ASPNETCORE_URLS"]), ports["http"]);
        Assert.Equal(int.Parse(environment.GetValueOrDefault("Orleans__SiloPort") ?? $"{defaults.SiloPort}", System.Globalization.CultureInfo.InvariantCulture), ports["silo"]);
        Assert.Equal(int.Parse(environment.GetValueOrDefault("Orleans__GatewayPort") ?? $"{defaults.GatewayPort}", System.Globalization.CultureInfo.InvariantCulture), ports["gateway"]);
        Assert.Equal(3, ports.Count);
        Assert.Equal(Settings.MetricsPort(environment).ToString(System.Globalization.CultureInfo.InvariantCulture), PodTemplate["metadata"]["annotations"]["prometheus.io/port"].Text);
    }

    [Fact]
    public void Readiness_is_readyz_and_liveness_is_healthz_on_the_http_port()
    {
        AssertProbe(Container["readinessProbe"], "/readyz");
        AssertProbe(Container["livenessProbe"], "/healthz");
        if (Container.Get("startupProbe") is { } startup)
        {
            AssertProbe(startup, "/healthz");
        }

        // The readiness check gives PostgreSQL 3 s; the probe must wait longer than that.
        Assert.True(Container["readinessProbe"]["timeoutSeconds"].Int > 3);
    }

    [Fact]
    public void Pods_have_resource_requests_and_limits_and_run_as_non_root()
    {
        foreach (var kind in new[] { "requests", "limits" })
        {
            Assert.True(Container["resources"][kind].Has("cpu"), $"{kind}.cpu");
            Assert.True(Container["resources"][kind].Has("memory"), $"{kind}.memory");
        }

        Assert.Equal("true", PodTemplate["spec"]["securityContext"]["runAsNonRoot"].Text);
        Assert.NotEqual("0", PodTemplate["spec"]["securityContext"]["runAsUser"].Text);
    }

    [Fact]
    public void Termination_leaves_time_for_preStop_and_the_silo_to_leave_the_cluster()
    {
        var grace = PodTemplate["spec"]["terminationGracePeriodSeconds"].Int;
        var command = Container["lifecycle"]["preStop"]["exec"]["command"].Items.Select(item => item.Text).ToList();
        Assert.Equal("sleep", command[0]);
        var sleep = int.Parse(command[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace >= 30, "terminationGracePeriodSeconds ≥ 30");
        // After preStop, SIGTERM: ASP.NET Core's host then has up to 30 s to stop the silo.
        Assert.True(grace >= sleep + 30, $"grace {grace} s < preStop {sleep} s + 30 s host shutdown");
    }

    [Fact]
    public void The_service_and_the_disruption_budget_select_the_silo_pods()
    {
        var service = Single("Service");
        AssertSelects(service["spec"]["selector"].Strings(), "the Service");
        var targetPort = Assert.Single(service["spec"]["ports"].Items)["targetPort"].Text;
        Assert.True(targetPort == "http" || targetPort == Container["ports"].Items.Single(port => port["name"].Text == "http")["containerPort"].Text);

        var budget = Single("PodDisruptionBudget");
        AssertSelects(budget["spec"]["selector"]["matchLabels"].Strings(), "the PodDisruptionBudget");
        var replicas = Deployment["spec"]["replicas"].Int;
        if (budget["spec"].Get("maxUnavailable") is { } maxUnavailable)
        {
            Assert.Equal(1, maxUnavailable.Int);
        }
        else
        {
            var minAvailable = budget["spec"]["minAvailable"].Int;
            Assert.True(minAvailable >= 2 && minAvailable < replicas, $"minAvailable {minAvailable} of {replicas}");
        }
    }

    [Fact]
    public void The_example_secret_holds_placeholders_that_the_server_refuses()
    {
        var secret = Single("Secret");
        var placeholders = secret["stringData"].Strings();
        Assert.All(placeholders.Values, value => Assert.Contains("REPLACE_ME", value, StringComparison.Ordinal));

        var problems = Settings.AuthProblems(Environment());
        Assert.Contains(problems, problem => problem.StartsWith("Auth:TokenSigningKey", StringComparison.Ordinal));
        foreach (var key in placeholders.Keys.Where(key => Regex.IsMatch(key, @"^Auth__ApiKeys__\d+__Key$")))
        {
            Assert.Contains(problems, problem => problem.StartsWith(key.Replace("__", ":", StringComparison.Ordinal), StringComparison.Ordinal));
        }

        // Secrets in the Secret, the rest in the ConfigMap: no key is in both.
        Assert.Empty(placeholders.Keys.Intersect(Single("ConfigMap")["data"].Strings().Keys));
    }

    /// <summary>Everything the pods take with envFrom; each referenced ConfigMap or Secret must exist.</summary>
    private static Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Container["envFrom"].Items)
        {
            var (kind, name, field) = source.Has("configMapRef")
                ? ("ConfigMap", source["configMapRef"]["name"].Text, "data")
                : ("Secret", source["secretRef"]["name"].Text, "stringData");
            var item = Objects.Select(o => o.Object).Single(o => o["kind"].Text == kind && o["metadata"]["name"].Text == name);
            foreach (var (key, value) in item[field].Strings())
            {
                Assert.True(environment.TryAdd(key, value), $"{key} comes from two sources");
            }
        }

        return environment;
    }

    private static void AssertProbe(YamlNode probe, string path)
    {
        Assert.Equal(path, probe["httpGet"]["path"].Text);
        var port = probe["httpGet"]["port"].Text;
        var http = Container["ports"].Items.Single(item => item["name"].Text == "http")["containerPort"].Text;
        Assert.True(port == "http" || port == http, $"{probe.Path} probes port {port}, not the HTTP port");
    }

    private static void AssertSelects(Dictionary<string, string> selector, string what)
    {
        Assert.NotEmpty(selector);
        foreach (var (key, value) in selector)
        {
            Assert.True(PodLabels.TryGetValue(key, out var label) && label == value, $"{what} selects {key}={value}, which the silo pods do not carry");
        }
    }

    private static YamlNode Single(string kind) => Objects.Select(item => item.Object).Single(item => item["kind"].Text == kind);
}
