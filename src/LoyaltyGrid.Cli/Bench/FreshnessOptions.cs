namespace LoyaltyGrid.Cli.Bench;

public sealed record FreshnessOptions(Uri Url, string StorefrontKey, string OpsKey, string Storefront, double Rate, TimeSpan Duration, int Concurrency)
{
    public static FreshnessOptions From(CommandLine arguments) => new(
        new Uri(arguments.Required("url")),
        arguments.Required("storefront-key"),
        arguments.Required("ops-key"),
        arguments.Text("storefront", "demo-store"),
        arguments.Number("rate", 100),
        TimeSpan.FromSeconds(arguments.Number("seconds", 30)),
        (int)arguments.Number("concurrency", 32));
}
