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
    public static string Usage(string kind) => $"""
        loyaltygrid bench {kind} --url URL --api-key KEY [--rate max|N] [--duration 20s] [--warmup 3s] [--concurrency 64]
                [--customers 10000] [--batch-size 500] [--json FILE] [--run-id ID]
          {kind switch
          {
              "purchases" => "POST /api/v1/purchases, a new order each time, over --customers customers.",
              "lookups" => "GET /api/v1/customers/{id} of --customers customers that were created and read once first (warm).",
              _ => "POST /api/v1/events:batch with --batch-size purchases of distinct customers per request.",
          }}
          --rate N: open loop at N requests/s, latency measured from each request's scheduled start (corrected for
          coordinated omission; --concurrency caps requests in flight). --rate max: --concurrency closed-loop workers.
        """;

    public static LoadBenchOptions From(CommandLine line, LoadKind kind)
    {
        var rateText = line.Text("rate", "max");
        double? rate = rateText == "max" ? null : line.Number("rate", 0);
        if (rate is <= 0)
        {
            throw new ArgumentException("--rate must be 'max' or a positive number of requests per second.");
        }

        var batchSize = line.Integer("batch-size", 500);
        if (batchSize is < 1 or > 1000)
        {
            throw new ArgumentException("--batch-size must be 1–1000.");
        }

        return new LoadBenchOptions(
            kind,
            line.Urls(),
            line.ApiKeys()[0],
            rate,
            line.Duration("duration", TimeSpan.FromSeconds(20)),
            line.Duration("warmup", TimeSpan.FromSeconds(3)),
            Math.Max(1, line.Integer("concurrency", 64)),
            Math.Max(1, line.Integer("customers", 10_000)),
            batchSize,
            line.Optional("json"),
            line.Optional("run-id") ?? Guid.NewGuid().ToString("N")[..8]);
    }
}
