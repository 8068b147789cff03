using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// Counts answered requests by status class and, every <c>Observability:RequestSummaryInterval</c>
/// in which there were any, logs one line with the counts: the default level's view of traffic,
/// where a line per request would bury everything else. Each request is in exactly one summary.
/// </summary>
internal sealed partial class RequestSummary(TimeProvider clock, IOptions<ObservabilityOptions> options, ILogger<RequestSummary> logger) : BackgroundService
{
    // Index = status / 100: 1xx … 5xx. Anything outside 100–599 is counted with 5xx, as a fault.
    private readonly long[] _byClass = new long[6];

    public void Count(int status)
    {
        var statusClass = status is >= 100 and < 600 ? status / 100 : 5;
        Interlocked.Increment(ref _byClass[statusClass]);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RequestSummaryInterval;
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Flush(interval);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; requests since the last summary go into a last one below.
        }

        Flush(interval);
    }

    private void Flush(TimeSpan interval)
    {
        var counts = new long[_byClass.Length];
        for (var statusClass = 1; statusClass < counts.Length; statusClass++)
        {
            counts[statusClass] = Interlocked.Exchange(ref _byClass[statusClass], 0);
        }

        var total = counts.Sum();
        if (total > 0)
        {
            LogSummary(total, interval, counts[1] + counts[2], counts[3], counts[4], counts[5]);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP: {Total} requests in the last {Interval}: {Success} 1xx/2xx, {Redirect} 3xx, {ClientError} 4xx, {ServerError} 5xx (Debug level logs each one)")]
    private partial void LogSummary(long total, TimeSpan interval, long success, long redirect, long clientError, long serverError);
}
