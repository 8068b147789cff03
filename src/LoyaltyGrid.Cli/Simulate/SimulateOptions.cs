using System.ComponentModel;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli.Simulate;

public sealed record SimulateOptions(
    IReadOnlyList<Uri> Urls,
    IReadOnlyList<string> ApiKeys,
    double Rate,
    TimeSpan Duration,
    int Seed,
    int MaxInFlight,
    string RunId,
    bool? ProgressInPlace,
    string? OpsKey = null,
    TimeSpan? SpikeAt = null)
{
    /// <summary>The only kind of spike there is: <c>--spike complaints</c>.</summary>
    public const string ComplaintSpike = "complaints";

    public const string Description =
        "Synthetic shop traffic at a fixed rate (open loop: requests leave on schedule, whatever the answers): visits that convert, "
        + "repeat customers, refunds, complaints with responses and resolutions, reviews, referrals and redemptions, in several markets "
        + "and currencies; one storefront per API key; several --url values are used round robin. With --ops-key it first creates a "
        + "double-points campaign for the run (and reports how many purchases it applied to) and puts a reward in the catalogue, which "
        + "customers with enough points claim, and redeems most of the coupons at checkout. With --spike complaints it posts a burst "
        + "of complaints (by default halfway through), enough for the complaint-rate alert. Exits 1 if any answer was a 5xx.";

    public static SimulateOptions From(SimulateSettings settings)
    {
        if (settings.Rate <= 0)
        {
            throw new ArgumentException("--rate must be greater than 0 (events per second).");
        }

        var duration = Arguments.ParseDuration(settings.Duration);
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--duration must be positive (e.g. 30s, 10m).");
        }

        TimeSpan? spikeAt = null;
        if (!string.IsNullOrEmpty(settings.Spike))
        {
            if (!string.Equals(settings.Spike, ComplaintSpike, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--spike must be {ComplaintSpike}.");
            }

            spikeAt = settings.SpikeAt is null ? duration / 2 : Arguments.ParseDuration(settings.SpikeAt);
            if (spikeAt < TimeSpan.Zero || spikeAt >= duration)
            {
                throw new ArgumentException("--spike-at must be within the run (from 0 to less than --duration).");
            }
        }
        else if (settings.SpikeAt is not null)
        {
            throw new ArgumentException("--spike-at needs --spike complaints.");
        }

        return new SimulateOptions(
            settings.Urls(),
            settings.ApiKeys(),
            settings.Rate,
            duration,
            settings.Seed,
            Math.Max(1, settings.MaxInFlight),
            settings.RunId ?? Guid.NewGuid().ToString("N")[..8],
            Arguments.ProgressMode(settings.Progress),
            string.IsNullOrWhiteSpace(settings.OpsKey) ? null : settings.OpsKey,
            spikeAt);
    }
}

public sealed class SimulateSettings : ServerSettings
{
    [CommandOption("--rate <N>")]
    [Description("Events per second.")]
    [DefaultValue(50.0)]
    public double Rate { get; init; } = 50;

    [CommandOption("--duration <DURATION>")]
    [Description("How long to run: 500ms, 30s, 10m, 1h.")]
    [DefaultValue("1m")]
    public string Duration { get; init; } = "1m";

    [CommandOption("--seed <N>")]
    [Description("Seed of the traffic model: the same seed gives the same traffic.")]
    [DefaultValue(1)]
    public int Seed { get; init; } = 1;

    [CommandOption("--max-in-flight <N>")]
    [Description("Requests in flight at most.")]
    [DefaultValue(512)]
    public int MaxInFlight { get; init; } = 512;

    [CommandOption("--run-id <ID>")]
    [Description("Put into every id, so runs do not collide; random by default.")]
    public string? RunId { get; init; }

    [CommandOption("--ops-key <KEY>")]
    [Description("An ops key: the run first creates a double-points campaign (PUT /api/v1/campaigns) and offers a reward (PUT /api/v1/rewards) that customers claim and redeem at checkout, so the demo shows both.")]
    public string? OpsKey { get; init; }

    [CommandOption("--spike <KIND>")]
    [Description("complaints: post a burst of complaints about recent orders (30 % of the last five minutes' orders, at least 25) in one go, so the complaint-rate alert fires in a demo.")]
    public string? Spike { get; init; }

    [CommandOption("--spike-at <DURATION>")]
    [Description("When in the run the spike comes; half the duration by default.")]
    public string? SpikeAt { get; init; }

    [CommandOption("--progress <MODE>")]
    [Description("bar or lines; by default a bar on a terminal and lines otherwise.")]
    public string? Progress { get; init; }
}
