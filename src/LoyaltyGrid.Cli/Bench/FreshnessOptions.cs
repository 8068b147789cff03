namespace LoyaltyGrid.Cli.Bench;

public sealed record FreshnessOptions(Uri Url, string StorefrontKey, string OpsKey, string Storefront, double Rate, double? FractionOfMax, TimeSpan Duration, int Concurrency, string? JsonPath)
{
    public const string Usage = """
        loyaltygrid bench freshness --url URL --storefront-key KEY (or --api-key) --ops-key KEY [--storefront demo-store]
                [--rate 100 | --fraction-of-max 0.5] [--seconds 30 | --duration 30s] [--concurrency 32] [--json FILE]
          Sends purchases at a fixed rate and measures, for the k-th acknowledged purchase, the time from its
          200 to the first KPI hub message whose order count includes it. Prints p50, p90, p99 and max.
          --fraction-of-max F first measures the maximum purchase rate (10 s) and then runs at F times it.
        """;

    public static FreshnessOptions From(CommandLine arguments) => new(
        new Uri(arguments.Required("url")),
        arguments.Optional("storefront-key") ?? arguments.ApiKeys()[0],
        arguments.Required("ops-key"),
        arguments.Text("storefront", "demo-store"),
        arguments.Number("rate", 100),
        arguments.Has("fraction-of-max") ? arguments.Number("fraction-of-max", 0.5) : null,
        arguments.Has("duration") ? arguments.Duration("duration", TimeSpan.FromSeconds(30)) : TimeSpan.FromSeconds(arguments.Number("seconds", 30)),
        (int)arguments.Number("concurrency", 32),
        arguments.Optional("json"));
}
