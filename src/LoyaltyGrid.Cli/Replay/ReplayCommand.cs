using System.Diagnostics;
using System.Globalization;
using LoyaltyGrid.Cli.Api;
using LoyaltyGrid.Cli.Terminal;

namespace LoyaltyGrid.Cli.Replay;

/// <summary><c>loyaltygrid replay</c>: a history file through the batch endpoint, with progress and a summary.</summary>
public static class ReplayCommand
{
    public static async Task<int> RunAsync(ReplayOptions options, TextWriter output, TextWriter error)
    {
        var source = options.OpenSource();
        // Generous: a batch given up on is sent again, and its events already stored then count as duplicates.
        using var client = new ApiClient(options.Urls, maxConnectionsPerServer: options.Concurrency * 2, timeout: TimeSpan.FromMinutes(5));
        var tally = new OutcomeTally();
        var sender = new BatchSender(client, options.ApiKey, options.BatchSize, options.Concurrency, tally);
        var read = 0L;
        var events = (options.Limit is { } limit ? source.Read().Take((int)Math.Min(limit, int.MaxValue)) : source.Read())
            .Select(replayEvent =>
            {
                read++;
                return replayEvent;
            });
        var clock = Stopwatch.StartNew();
        try
        {
            await using (new ProgressReporter(error, () => new ProgressSnapshot(sender.Sent, "events", Fraction(), string.Create(CultureInfo.InvariantCulture,
                $"accepted {tally.Accepted:N0}  duplicates {tally.Duplicates:N0}  rejected {tally.Rejected:N0}")), options.ProgressInPlace))
            {
                await sender.SendAsync(events);
            }
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"replay stopped: {options.File} {ex.Message}");
            WriteSummary(options, tally, clock.Elapsed, output);
            return 2;
        }

        WriteSummary(options, tally, clock.Elapsed, output);
        return tally.ServerErrors > 0 || tally.TransportErrors > 0 ? 1 : 0;

        // Reading runs ahead of sending by the lanes' buffers, so the share of the file read
        // overstates progress: answered events of the events the whole file is likely to hold.
        double? Fraction()
        {
            var readSoFar = Interlocked.Read(ref read);
            var fileRead = source.Fraction;
            if (options.Limit is { } cap)
            {
                return (double)sender.Sent / cap;
            }

            return readSoFar == 0 || fileRead <= 0 ? 0 : Math.Min(1, sender.Sent / (readSoFar / fileRead));
        }
    }

    private static void WriteSummary(ReplayOptions options, OutcomeTally tally, TimeSpan elapsed, TextWriter output)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed {options.File} ({options.Format}) in {seconds:F2} s: {tally.Total:N0} events, {tally.Total / seconds:N0} events/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted:   {tally.Accepted:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duplicates: {tally.Duplicates:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rejected:   {tally.Rejected:N0}"));
        foreach (var reason in tally.DescribeRejections())
        {
            output.WriteLine(reason);
        }

        if (tally.TransportErrors > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"not answered: {tally.TransportErrors:N0}"));
            foreach (var reason in tally.DescribeErrors())
            {
                output.WriteLine(reason);
            }
        }
    }
}
