namespace LoyaltyGrid.Cli.Replay;

public sealed record ReplayOptions(
    string File,
    string Format,
    IReadOnlyList<Uri> Urls,
    string ApiKey,
    ReplayDefaults Defaults,
    int BatchSize,
    int Concurrency,
    long? Limit,
    bool? ProgressInPlace)
{
    public const string Usage = """
        loyaltygrid replay FILE --url URL [--url URL2 ...] --api-key KEY (or LOYALTYGRID_API_KEY)
                [--format cdnow|csv|jsonl] [--market US] [--currency USD] [--customer-prefix cdnow-] [--id-prefix replay-]
                [--batch-size 500] [--concurrency 8] [--limit N] [--progress bar|lines]
          Sends a purchase history through POST /api/v1/events:batch: each customer's events in file order,
          up to --concurrency batches in flight. Ids are derived from the file, so running it again is harmless.
        """;

    public static ReplayOptions From(CommandLine line)
    {
        var file = line.Command.Count > 1 ? line.Command[1] : line.Optional("file") ?? throw new ArgumentException("the file to replay is required.");
        var format = line.Optional("format") ?? Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".csv" => "csv",
            ".jsonl" or ".ndjson" or ".json" => "jsonl",
            _ => "cdnow",
        };
        if (format is not ("cdnow" or "csv" or "jsonl"))
        {
            throw new ArgumentException($"--format must be cdnow, csv or jsonl (it was '{format}').");
        }

        var batchSize = line.Integer("batch-size", 500);
        if (batchSize is < 1 or > 1000)
        {
            throw new ArgumentException("--batch-size must be 1–1000 (the API takes up to 1,000 events per batch).");
        }

        var concurrency = line.Integer("concurrency", 8);
        if (concurrency < 1)
        {
            throw new ArgumentException("--concurrency must be at least 1.");
        }

        return new ReplayOptions(
            file,
            format,
            line.Urls(),
            line.ApiKeys()[0],
            new ReplayDefaults(
                line.Text("market", ReplayDefaults.Standard.Market),
                line.Text("currency", ReplayDefaults.Standard.Currency),
                line.Text("customer-prefix", ReplayDefaults.Standard.CustomerPrefix),
                line.Text("id-prefix", ReplayDefaults.Standard.IdPrefix)),
            batchSize,
            concurrency,
            line.Has("limit") ? (long)line.Number("limit", 0) : null,
            line.Optional("progress") switch
            {
                "bar" => true,
                "lines" => false,
                _ => null,
            });
    }

    public IEventSource OpenSource()
    {
        if (!System.IO.File.Exists(File))
        {
            throw new ArgumentException($"there is no file '{File}'.");
        }

        var (open, fraction) = TextSource.File(File);
        return Format switch
        {
            "csv" => new CsvFormat(open, fraction, Defaults),
            "jsonl" => new JsonLinesFormat(open, fraction, Defaults),
            _ => new CdnowFormat(open, fraction, Defaults),
        };
    }
}
