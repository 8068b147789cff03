using System.Collections.Concurrent;
using System.Diagnostics;

namespace LoyaltyGrid.Cli.Bench;

/// <summary>What one benchmark request did: whether it succeeded, how many events it carried and how many of those succeeded.</summary>
public readonly record struct RequestOutcome(bool Ok, int Events, int OkEvents, string? Failure)
{
    public static RequestOutcome Single(bool ok, string? failure) => new(ok, 1, ok ? 1 : 0, failure);
}

/// <summary>
/// Drives a request at a fixed rate (open loop) or as fast as a number of closed-loop workers can.
/// At a fixed rate each latency is measured from when the request was due, not when it left, so a
/// stalled server is charged for the requests it kept waiting (coordinated omission corrected).
/// </summary>
public static class LoadRunner
{
    /// <param name="latency">Where latencies are recorded; given by a caller that shows them while the run lasts.</param>
    public static async Task<LoadResult> RunAsync(
        string name, Func<long, Task<RequestOutcome>> send, double? rate, TimeSpan duration, int concurrency, Func<long> nextIndex, LatencyRecorder? latency = null)
    {
        latency ??= new LatencyRecorder();
        var service = new LatencyRecorder();
        var failures = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long requests = 0, succeeded = 0, events = 0, okEvents = 0;
        var clock = Stopwatch.StartNew();

        async Task OneAsync(TimeSpan due)
        {
            var started = clock.Elapsed;
            RequestOutcome outcome;
            try
            {
                outcome = await send(nextIndex());
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                outcome = new RequestOutcome(false, 0, 0, ex.GetType().Name);
            }

            var ended = clock.Elapsed;
            latency.Record(ended - due);
            service.Record(ended - started);
            Interlocked.Increment(ref requests);
            Interlocked.Add(ref events, outcome.Events);
            Interlocked.Add(ref okEvents, outcome.OkEvents);
            if (outcome.Ok)
            {
                Interlocked.Increment(ref succeeded);
            }
            else
            {
                failures.AddOrUpdate(outcome.Failure ?? "failed", 1, (_, count) => count + 1);
            }
        }

        if (rate is { } perSecond)
        {
            using var inFlight = new SemaphoreSlim(concurrency);
            var pending = new List<Task>();
            var interval = TimeSpan.FromSeconds(1 / perSecond);
            var total = (long)(perSecond * duration.TotalSeconds);
            for (var i = 0L; i < total; i++)
            {
                var due = interval * i;
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                await inFlight.WaitAsync();
                pending.Add(Task.Run(async () =>
                {
                    try
                    {
                        await OneAsync(due);
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }));
                if (pending.Count > 8192)
                {
                    pending.RemoveAll(task => task.IsCompleted);
                }
            }

            await Task.WhenAll(pending);
        }
        else
        {
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < duration)
                {
                    await OneAsync(clock.Elapsed);
                }
            }));
            await Task.WhenAll(workers);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new LoadResult(
            name,
            rate is null ? "max" : "fixed",
            rate,
            concurrency,
            Math.Round(seconds, 3),
            requests,
            succeeded,
            requests - succeeded,
            Math.Round(succeeded / seconds, 1),
            events,
            okEvents,
            Math.Round(okEvents / seconds, 1),
            latency.Summarize(),
            rate is null ? null : service.Summarize(),
            failures.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal));
    }
}

/// <summary>
/// A bench run's figures. <c>Latency</c> at a fixed rate is from each request's scheduled start
/// (coordinated omission corrected); <c>ServiceTime</c> is from when it actually left.
/// </summary>
public sealed record LoadResult(
    string Name,
    string Mode,
    double? TargetRate,
    int Concurrency,
    double DurationSeconds,
    long Requests,
    long Succeeded,
    long Failed,
    double RequestsPerSecond,
    long Events,
    long SucceededEvents,
    double EventsPerSecond,
    LatencySummary Latency,
    LatencySummary? ServiceTime,
    IReadOnlyDictionary<string, long> Failures)
{
    public override string ToString()
    {
        var mode = Mode == "max" ? $"max rate, {Concurrency} workers" : FormattableString.Invariant($"fixed {TargetRate:N0}/s, ≤ {Concurrency} in flight");
        var text = FormattableString.Invariant(
            $"{Name} ({mode}): {Succeeded:N0} ok of {Requests:N0} in {DurationSeconds:F1} s = {RequestsPerSecond:N1} requests/s, {EventsPerSecond:N0} events/s; latency {Latency}");
        if (ServiceTime is not null)
        {
            text += $"; service time {ServiceTime}";
        }

        if (Failures.Count > 0)
        {
            text += "; failures: " + string.Join(", ", Failures.Select(pair => FormattableString.Invariant($"{pair.Key} ×{pair.Value:N0}")));
        }

        return text;
    }
}
