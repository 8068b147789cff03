using System.ComponentModel;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli.Replay;

public sealed class ReplaySettings : ServerSettings
{
    [CommandArgument(0, "[FILE]")]
    [Description("The purchase history: CDNOW text, CSV or JSON lines.")]
    public string? File { get; init; }

    [CommandOption("--file <FILE>", IsHidden = true)]
    public string? FileOption { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("cdnow, csv or jsonl; by default from the file's extension (.csv, .jsonl), else cdnow.")]
    public string? Format { get; init; }

    [CommandOption("--market <MARKET>")]
    [Description("Market of events that name none.")]
    [DefaultValue("US")]
    public string Market { get; init; } = ReplayDefaults.Standard.Market;

    [CommandOption("--currency <CURRENCY>")]
    [Description("Currency of events that name none.")]
    [DefaultValue("USD")]
    public string Currency { get; init; } = ReplayDefaults.Standard.Currency;

    [CommandOption("--customer-prefix <PREFIX>")]
    [Description("Put before the file's customer ids.")]
    [DefaultValue("cdnow-")]
    public string CustomerPrefix { get; init; } = ReplayDefaults.Standard.CustomerPrefix;

    [CommandOption("--id-prefix <PREFIX>")]
    [Description("Put before the order ids derived from the file.")]
    [DefaultValue("replay-")]
    public string IdPrefix { get; init; } = ReplayDefaults.Standard.IdPrefix;

    [CommandOption("--batch-size <N>")]
    [Description("Events per request, 1–1000.")]
    [DefaultValue(500)]
    public int BatchSize { get; init; } = 500;

    [CommandOption("--concurrency <N>")]
    [Description("Batches in flight.")]
    [DefaultValue(8)]
    public int Concurrency { get; init; } = 8;

    [CommandOption("--limit <N>")]
    [Description("Send at most N events.")]
    public long? Limit { get; init; }

    [CommandOption("--progress <MODE>")]
    [Description("bar or lines; by default a bar on a terminal and lines otherwise.")]
    public string? Progress { get; init; }
}

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
    public const string Description =
        "Sends a purchase history through POST /api/v1/events:batch: each customer's events in file order, up to --concurrency batches in flight. "
        + "Ids are derived from the file, so running it again is harmless.";

    public static ReplayOptions From(ReplaySettings settings)
    {
        var file = settings.File ?? settings.FileOption ?? throw new ArgumentException("the file to replay is required.");
        var format = settings.Format ?? Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".csv" => "csv",
            ".jsonl" or ".ndjson" or ".json" => "jsonl",
            _ => "cdnow",
        };
        if (format is not ("cdnow" or "csv" or "jsonl"))
        {
            throw new ArgumentException($"--format must be cdnow, csv or jsonl (it was '{format}').");
        }

        if (settings.BatchSize is < 1 or > 1000)
        {
            throw new ArgumentException("--batch-size must be 1–1000 (the API takes up to 1,000 events per batch).");
        }

        if (settings.Concurrency < 1)
        {
            throw new ArgumentException("--concurrency must be at least 1.");
        }

        return new ReplayOptions(
            file,
            format,
            settings.Urls(),
            settings.ApiKeys()[0],
            new ReplayDefaults(settings.Market, settings.Currency, settings.CustomerPrefix, settings.IdPrefix),
            settings.BatchSize,
            settings.Concurrency,
            settings.Limit,
            Arguments.ProgressMode(settings.Progress));
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
