using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LoyaltyGrid.Silo;
using Npgsql;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>deploy/docker-compose.yml read as compose reads it, with the values of .env.example.</summary>
public sealed class ComposeTests
{
    private static readonly YamlNode Compose = YamlNode.Load(Repo.Deploy("docker-compose.yml"));
    private static readonly ComposeVariables Example = ComposeVariables.FromEnvFile(Repo.Deploy(".env.example"));

    /// <summary>The services built from deploy/Dockerfile: the silos.</summary>
    internal static IReadOnlyList<(string Name, YamlNode Service)> Silos { get; } = Compose["services"].Entries
        .Where(service => service.Value.Get("build") is { } build && build["dockerfile"].Text == "deploy/Dockerfile")
        .ToList();

    internal static string Image => Silos.Select(silo => silo.Service["image"].Text).Distinct().Single();

    [Fact]
    public void Three_or_more_silos_are_built_from_the_repository_with_deploy_Dockerfile_as_one_image()
    {
        Assert.True(Silos.Count >= 3, $"only {Silos.Count} silo(s)");
        Assert.Single(Silos.Select(silo => silo.Service["image"].Text).Distinct());
        foreach (var (name, silo) in Silos)
        {
            var context = Path.GetFullPath(Path.Combine(Repo.Deploy(), silo["build"]["context"].Text));
            Assert.Equal(Repo.Root.TrimEnd('/'), context.TrimEnd('/'));
            Assert.True(File.Exists(Path.Combine(context, silo["build"]["dockerfile"].Text)), $"{name}: no Dockerfile");
        }
    }

    [Fact]
    public void Every_variable_a_silo_gets_is_one_the_server_reads()
    {
        foreach (var (name, silo) in Silos)
        {
            var unread = Settings.Unread(EnvironmentOf(silo, Example).Keys);
            Assert.True(unread.Count == 0, $"{name}: {string.Join("; ", unread)}");
        }
    }

    [Fact]
    public void Silos_share_one_cluster_identity_and_each_advertises_its_own_address_on_the_network()
    {
        var environments = Silos.Select(silo => (silo.Name, Silo: silo.Service, Environment: EnvironmentOf(silo.Service, Example))).ToList();
        foreach (var setting in new[] { "Orleans__ClusterId", "Orleans__ServiceId" })
        {
            var values = environments.Select(silo => silo.Environment.GetValueOrDefault(setting) ?? new OrleansHostingOptions().ClusterId).Distinct().ToList();
            Assert.Single(values);
        }

        var networks = Compose["networks"];
        var advertised = new List<IPAddress>();
        foreach (var (name, silo, environment) in environments)
        {
            Assert.True(environment.TryGetValue("Orleans__AdvertisedIPAddress", out var text), $"{name} advertises the default 127.0.0.1, which other containers cannot reach");
            var address = IPAddress.Parse(text);
            Assert.False(IPAddress.IsLoopback(address), $"{name} advertises a loopback address");

            // The advertised address must be the container's own: a fixed address on a network with that subnet.
            var (network, attachment) = Assert.Single(silo["networks"].Entries);
            Assert.Equal(address, IPAddress.Parse(attachment["ipv4_address"].Text));
            var subnet = IPNetwork.Parse(Assert.Single(networks[network]["ipam"]["config"].Items)["subnet"].Text);
            Assert.True(subnet.Contains(address), $"{name}: {address} is outside {subnet}");
            advertised.Add(address);
        }

        Assert.Equal(advertised.Count, advertised.Distinct().Count());
    }

    [Fact]
    public void Silos_use_the_compose_postgres_with_its_own_database_user_and_password_and_wait_for_it()
    {
        var variables = Example.With("POSTGRES_PASSWORD", "a-password-for-this-test");
        foreach (var (name, silo) in Silos)
        {
            var connection = new NpgsqlConnectionStringBuilder(EnvironmentOf(silo, variables)["ConnectionStrings__" + LoyaltyGridDatabase.ConnectionStringName]);
            var postgres = Compose["services"][connection.Host!];
            Assert.StartsWith("postgres:", postgres["image"].Text, StringComparison.Ordinal);
            var postgresEnvironment = EnvironmentOf(postgres, variables);
            Assert.Equal(postgresEnvironment["POSTGRES_DB"], connection.Database);
            Assert.Equal(postgresEnvironment["POSTGRES_USER"], connection.Username);
            Assert.Equal(postgresEnvironment["POSTGRES_PASSWORD"], connection.Password);
            Assert.Equal(5432, connection.Port);

            Assert.Equal("service_healthy", silo["depends_on"][connection.Host!]["condition"].Text);
            Assert.True(postgres.Has("healthcheck"), "postgres needs a healthcheck for service_healthy");

            // Every silo's pool at its fullest still fits in the server's connections.
            var maxConnections = int.Parse(Regex.Match(string.Join(' ', postgres["command"].Items.Select(item => item.Text)), @"max_connections=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Silos.Count * connection.MaxPoolSize < maxConnections, $"{Silos.Count} silos × pool {connection.MaxPoolSize} ≥ max_connections {maxConnections}");
        }
    }

    [Fact]
    public void Published_and_exposed_ports_are_the_ones_each_silo_listens_on()
    {
        var hostPorts = new List<string>();
        foreach (var (name, silo) in Silos)
        {
            var environment = EnvironmentOf(silo, Example);
            var httpPort = Settings.HttpPort(environment["ASPNETCORE_URLS"]);
            foreach (var published in silo["ports"].Items.Select(item => item.Text))
            {
                var parts = published.Split(':');
                Assert.Equal(httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), parts[^1]);
                Assert.True(IPAddress.IsLoopback(IPAddress.Parse(parts[0])), $"{name} publishes {published} beyond this machine");
                hostPorts.Add(parts[^2]);
            }

            var exposed = silo["expose"].Items.Select(item => item.Text).ToHashSet();
            Assert.Contains(environment["Orleans__SiloPort"], exposed);
            Assert.Contains(environment["Orleans__GatewayPort"], exposed);
        }

        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
    }

    [Fact]
    public void Silos_get_time_to_leave_the_cluster_when_stopped()
    {
        foreach (var (name, silo) in Silos)
        {
            Assert.True(Duration(silo["stop_grace_period"].Text) >= TimeSpan.FromSeconds(30), $"{name}: the host alone may take 30 s to stop");
        }
    }

    [Fact]
    public void Prometheus_scrapes_the_metrics_of_every_silo_on_its_http_port()
    {
        var prometheus = Compose["services"]["prometheus"];
        var configFile = prometheus["command"].Items.Select(item => item.Text).Single(argument => argument.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var mount = prometheus["volumes"].Items.Select(item => item.Text.Split(':')).Single(parts => parts[1] == configFile);
        var config = YamlNode.Load(Path.Combine(Repo.Deploy(), mount[0]));

        var job = Assert.Single(config["scrape_configs"].Items);
        Assert.Equal("/metrics", job["metrics_path"].Text);
        var targets = job["static_configs"].Items.SelectMany(group => group["targets"].Items.Select(target => target.Text)).Order().ToList();
        var silos = Silos.Select(silo => $"{silo.Name}:{Settings.MetricsPort(EnvironmentOf(silo.Service, Example))}").Order().ToList();
        Assert.Equal(silos, targets);
    }

    [Fact]
    public void Grafana_mounts_the_repository_provisioning_and_dashboards()
    {
        var mounts = Compose["services"]["grafana"]["volumes"].Items.Select(item => item.Text.Split(':')).ToDictionary(parts => parts[1], parts => parts[0]);
        // Relative to deploy/, where compose runs: the repository's grafana/ folder.
        Assert.Equal(Repo.File("grafana", "provisioning"), Path.GetFullPath(Path.Combine(Repo.Deploy(), mounts["/etc/grafana/provisioning"])));
        Assert.Equal(Repo.File("grafana", "dashboards"), Path.GetFullPath(Path.Combine(Repo.Deploy(), mounts["/var/lib/grafana/dashboards"])));
    }

    [Fact]
    public void Grafana_provisioning_finds_the_mounted_dashboards_and_the_compose_prometheus()
    {
        var grafana = Compose["services"]["grafana"];
        var mountTargets = grafana["volumes"].Items.Select(item => item.Text.Split(':')[1]).ToList();
        var providers = Directory.GetFiles(Repo.File("grafana", "provisioning", "dashboards"), "*.yml")
            .SelectMany(file => YamlNode.Load(file)["providers"].Items)
            .ToList();
        Assert.NotEmpty(providers);
        foreach (var provider in providers)
        {
            var path = provider["options"]["path"].Text;
            Assert.True(mountTargets.Any(target => path == target || path.StartsWith(target + "/", StringComparison.Ordinal)), $"{provider.Path}: {path} is not mounted into grafana");
        }

        var prometheus = Compose["services"]["prometheus"];
        var port = prometheus["ports"].Items.Select(item => item.Text.Split(':')[^1]).Single();
        var datasources = Directory.GetFiles(Repo.File("grafana", "provisioning", "datasources"), "*.yml")
            .SelectMany(file => YamlNode.Load(file)["datasources"].Items)
            .Where(datasource => datasource["type"].Text == "prometheus")
            .ToList();
        Assert.NotEmpty(datasources);
        Assert.All(datasources, datasource => Assert.Equal($"http://prometheus:{port}", datasource["url"].Text));
        Assert.Contains("prometheus", grafana["depends_on"].Items.Select(item => item.Text));
    }

    [Fact]
    public void Every_variable_compose_needs_is_in_the_example_env_file_which_holds_no_usable_secret()
    {
        var variables = ComposeVariables.FromEnvFile(Repo.Deploy(".env.example"));
        variables.Interpolate(File.ReadAllText(Repo.Deploy("docker-compose.yml")));
        Assert.Equal(variables.Values.Keys.Order(), variables.Used.Order());
        Assert.Contains(".env", File.ReadAllLines(Repo.Deploy(".gitignore")));

        // Copied unchanged, the example does not run: the server refuses every placeholder secret.
        var silo = EnvironmentOf(Silos[0].Service, variables);
        var problems = Settings.AuthProblems(silo);
        Assert.Contains(problems, problem => problem.StartsWith("Auth:TokenSigningKey", StringComparison.Ordinal));
        foreach (var key in silo.Keys.Where(key => Regex.IsMatch(key, @"^Auth__ApiKeys__\d+__Key$")))
        {
            Assert.Contains(problems, problem => problem.StartsWith(key.Replace("__", ":", StringComparison.Ordinal), StringComparison.Ordinal));
        }

        // With real secrets in .env, the rest of the Auth section is right as it stands.
        var filled = variables;
        foreach (var secret in new[] { "LOYALTYGRID_TOKEN_SIGNING_KEY", "LOYALTYGRID_STOREFRONT_KEY", "LOYALTYGRID_OPS_KEY" })
        {
            filled = filled.With(secret, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        }

        Assert.Empty(Settings.AuthProblems(EnvironmentOf(Silos[0].Service, filled)));
    }

    /// <summary>A service's environment (map or KEY=value list form), interpolated.</summary>
    internal static Dictionary<string, string> EnvironmentOf(YamlNode service, ComposeVariables variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (service.Get("environment") is not { } environment)
        {
            return result;
        }

        if (environment.IsMap)
        {
            foreach (var (key, value) in environment.Entries)
            {
                result.Add(key, value.IsNull ? "" : variables.Interpolate(value.Text));
            }
        }
        else
        {
            foreach (var item in environment.Items)
            {
                var text = item.Text;
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                result.Add(text[..equals], variables.Interpolate(text[(equals + 1)..]));
            }
        }

        return result;
    }

    private static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in Regex.Matches(text, @"(\d+)(ms|h|m|s)"))
        {
            var amount = int.Parse(part.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        }

        return total;
    }
}
