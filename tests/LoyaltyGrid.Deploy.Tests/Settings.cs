using LoyaltyGrid.Server.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>What the server would make of a set of environment variables.</summary>
internal static class Settings
{
    /// <summary>The port of an ASPNETCORE_URLS value such as <c>http://+:8080</c>.</summary>
    public static int HttpPort(string urls)
    {
        var url = Assert.Single(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("http://", url, StringComparison.Ordinal);
        var colon = url.LastIndexOf(':');
        return int.Parse(url[(colon + 1)..].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Where <c>/metrics</c> answers: Observability__MetricsPort when set (it must be one of the
    /// HTTP ports), else the HTTP port.
    /// </summary>
    public static int MetricsPort(IReadOnlyDictionary<string, string> environment)
    {
        var http = HttpPort(environment["ASPNETCORE_URLS"]);
        if (!environment.TryGetValue("Observability__MetricsPort", out var configured))
        {
            return http;
        }

        var port = int.Parse(configured, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(http, port);
        return port;
    }

    /// <summary>Every name the server does not read, with the reason; empty when all are read.</summary>
    public static IReadOnlyList<string> Unread(IEnumerable<string> variables) =>
        variables.Select(ServerSettings.WhyNotRead).OfType<string>().ToList();

    /// <summary>The server's start-up check of the Auth section, outside Development.</summary>
    public static IReadOnlyList<string> AuthProblems(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)))
            .Build();
        var options = new AuthOptions();
        configuration.GetSection(AuthOptions.SectionName).Bind(options);
        var result = new AuthOptionsValidator(new ProductionEnvironment()).Validate(Options.DefaultName, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "LoyaltyGrid.Server";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
