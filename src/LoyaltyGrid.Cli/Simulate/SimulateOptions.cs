namespace LoyaltyGrid.Cli.Simulate;

public sealed record SimulateOptions(
    IReadOnlyList<Uri> Urls,
    IReadOnlyList<string> ApiKeys,
    double Rate,
    TimeSpan Duration,
    int Seed,
    int MaxInFlight,
    string RunId,
    bool? ProgressInPlace)
{
    public const string Usage = """
        loyaltygrid simulate --url URL [--url URL2 ...] --api-key KEY [--api-key KEY2 ...] (or LOYALTYGRID_API_KEY)
                [--rate 50] [--duration 1m] [--seed 1] [--max-in-flight 512] [--run-id ID] [--progress bar|lines]
          Synthetic shop traffic at a fixed rate (open loop: requests leave on schedule, whatever the answers):
          visits that convert, repeat customers, refunds, complaints with responses and resolutions, reviews,
          referrals and redemptions, in several markets and currencies; one storefront per API key; several
          --url values are used round robin. Exits 1 if any answer was a 5xx.
        """;

    public static SimulateOptions From(CommandLine line)
    {
        var rate = line.Number("rate", 50);
        if (rate <= 0)
        {
            throw new ArgumentException("--rate must be greater than 0 (events per second).");
        }

        var duration = line.Duration("duration", TimeSpan.FromMinutes(1));
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--duration must be positive (e.g. 30s, 10m).");
        }

        return new SimulateOptions(
            line.Urls(),
            line.ApiKeys(),
            rate,
            duration,
            line.Integer("seed", 1),
            Math.Max(1, line.Integer("max-in-flight", 512)),
            line.Optional("run-id") ?? Guid.NewGuid().ToString("N")[..8],
            line.Optional("progress") switch
            {
                "bar" => true,
                "lines" => false,
                _ => null,
            });
    }
}
