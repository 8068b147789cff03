using System.ComponentModel;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli.Bench;

public enum LoadKind
{
    Purchases,
    Lookups,
    Batches,
}

/// <summary>Options of <c>bench purchases|lookups|batches</c>; <see cref="Rate"/> null means as fast as the server answers.</summary>
public sealed record LoadBenchOptions(
    LoadKind Kind,
    IReadOnlyList<Uri> Urls,
    string ApiKey,
    double? Rate,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Concurrency,
    int Customers,
    int BatchSize,
    string? JsonPath,
    string RunId)
{
    public static string Description(LoadKind kind) => kind switch
    {
        LoadKind.Purchases => "POST /api/v1/purchases, a new order each time, over --customers customers.",
        LoadKind.Lookups => "GET /api/v1/customers/{id} of --customers customers that were created and read once first (warm).",
        _ => "POST /api/v1/events:batch with --batch-size purchases of distinct customers per request.",
    };

    public static LoadBenchOptions From(LoadBenchSettings settings, LoadKind kind)
    {
        double? rate = settings.Rate == "max" ? null
            : double.TryParse(settings.Rate, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var perSecond) ? perSecond : 0;
        if (rate is <= 0)
        {
            throw new ArgumentException("--rate must be 'max' or a positive number of requests per second.");
        }

        if (settings.BatchSize is < 1 or > 1000)
        {
            throw new ArgumentException("--batch-size must be 1–1000.");
        }

        return new LoadBenchOptions(
            kind,
            settings.Urls(),
            settings.ApiKeys()[0],
            rate,
            Arguments.ParseDuration(settings.Duration),
            Arguments.ParseDuration(settings.Warmup),
            Math.Max(1, settings.Concurrency),
            Math.Max(1, settings.Customers),
            settings.BatchSize,
            settings.Json,
            settings.RunIdOrNew());
    }
}

public sealed class LoadBenchSettings : BenchSettings
{
    [CommandOption("--rate <max|N>")]
    [Description("N: open loop at N requests/s, latency measured from each request's scheduled start (corrected for coordinated omission; --concurrency caps requests in flight). max: --concurrency closed-loop workers.")]
    [DefaultValue("max")]
    public string Rate { get; init; } = "max";

    [CommandOption("--duration <DURATION>")]
    [Description("The measured run.")]
    [DefaultValue("20s")]
    public string Duration { get; init; } = "20s";

    [CommandOption("--warmup <DURATION>")]
    [Description("Unmeasured load before it.")]
    [DefaultValue("3s")]
    public string Warmup { get; init; } = "3s";

    [CommandOption("--concurrency <N>")]
    [DefaultValue(64)]
    public int Concurrency { get; init; } = 64;

    [CommandOption("--customers <N>")]
    [DefaultValue(10_000)]
    public int Customers { get; init; } = 10_000;

    [CommandOption("--batch-size <N>")]
    [Description("Purchases per request of bench batches, 1–1000.")]
    [DefaultValue(500)]
    public int BatchSize { get; init; } = 500;
}
