using System.ComponentModel;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli.Bench;

public sealed record FreshnessOptions(Uri Url, string StorefrontKey, string OpsKey, string Storefront, double Rate, double? FractionOfMax, TimeSpan Duration, int Concurrency, string? JsonPath)
{
    public const string Description =
        "Sends purchases at a fixed rate and measures, for the k-th acknowledged purchase, the time from its 200 to the first KPI hub "
        + "message whose order count includes it. Prints p50, p90, p99 and max. --fraction-of-max F first measures the maximum purchase "
        + "rate (10 s) and then runs at F times it.";

    public static FreshnessOptions From(FreshnessSettings settings)
    {
        var urls = settings.Urls();
        if (urls.Count != 1)
        {
            throw new ArgumentException("--url takes one server here.");
        }

        return new(
            urls[0],
            settings.StorefrontKey ?? settings.ApiKeys()[0],
            settings.OpsKey ?? throw new ArgumentException("--ops-key is required."),
            settings.Storefront,
            settings.Rate,
            settings.FractionOfMax,
            settings.Duration is { } duration ? Arguments.ParseDuration(duration) : TimeSpan.FromSeconds(settings.Seconds ?? 30),
            settings.Concurrency,
            settings.Json);
    }
}

public sealed class FreshnessSettings : ReportSettings
{
    [CommandOption("--storefront-key <KEY>")]
    [Description("The storefront's key (or --api-key).")]
    public string? StorefrontKey { get; init; }

    [CommandOption("--ops-key <KEY>")]
    [Description("An ops key, to watch the KPI hub.")]
    public string? OpsKey { get; init; }

    [CommandOption("--storefront <ID>")]
    [Description("The storefront the storefront key is bound to.")]
    [DefaultValue("demo-store")]
    public string Storefront { get; init; } = "demo-store";

    [CommandOption("--rate <N>")]
    [Description("Purchases per second.")]
    [DefaultValue(100.0)]
    public double Rate { get; init; } = 100;

    [CommandOption("--fraction-of-max <F>")]
    [Description("Run at F times the measured maximum rate instead of --rate.")]
    public double? FractionOfMax { get; init; }

    [CommandOption("--seconds <N>")]
    [Description("How long to run, in seconds (30 by default); or --duration.")]
    public double? Seconds { get; init; }

    [CommandOption("--duration <DURATION>")]
    [Description("How long to run: 30s, 2m.")]
    public string? Duration { get; init; }

    [CommandOption("--concurrency <N>")]
    [DefaultValue(32)]
    public int Concurrency { get; init; } = 32;
}
