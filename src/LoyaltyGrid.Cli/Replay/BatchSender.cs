using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LoyaltyGrid.Cli.Api;

namespace LoyaltyGrid.Cli.Replay;

/// <summary>
/// Sends events through <c>events:batch</c> on a fixed number of lanes. A customer always goes to
/// the same lane and a lane sends one batch at a time, so each customer's events reach the server
/// in file order while different customers travel side by side.
/// </summary>
public sealed class BatchSender(ApiClient client, string apiKey, int batchSize, int lanes, OutcomeTally tally)
{
    private const int Attempts = 5;
    private long _sent;

    /// <summary>Events answered so far (whatever the answer).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async Task SendAsync(IEnumerable<ReplayEvent> events, CancellationToken cancellationToken = default)
    {
        var channels = Enumerable.Range(0, lanes)
            .Select(_ => Channel.CreateBounded<ReplayEvent>(new BoundedChannelOptions(batchSize * 2) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var workers = channels.Select(channel => Task.Run(() => RunLaneAsync(channel.Reader, cancellationToken), cancellationToken)).ToArray();
        try
        {
            foreach (var replayEvent in events)
            {
                var lane = (int)(StableHash(replayEvent.OrderingKey) % (uint)lanes);
                await channels[lane].Writer.WriteAsync(replayEvent, cancellationToken);
            }
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Writer.TryComplete();
            }
        }

        await Task.WhenAll(workers);
    }

    private async Task RunLaneAsync(ChannelReader<ReplayEvent> reader, CancellationToken cancellationToken)
    {
        var batch = new List<ReplayEvent>(batchSize);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < batchSize && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            // A short batch is sent only when nothing more is coming, so batches stay full while the file streams in.
            if (batch.Count == batchSize || reader.Completion.IsCompleted)
            {
                await SendBatchAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await SendBatchAsync(batch, cancellationToken);
        }
    }

    /// <summary>
    /// Sends one batch; events answered 503 (storage unavailable, or not attempted after an earlier
    /// event of the same customer failed) are sent again, in order, a few times with a pause.
    /// </summary>
    private async Task SendBatchAsync(IReadOnlyList<ReplayEvent> batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReplayEvent> pending = batch;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var last = attempt == Attempts;
            var body = new JsonObject { ["events"] = new JsonArray(pending.Select(e => (JsonNode)e.Entry.DeepClone()).ToArray()) };
            var answer = await client.PostAsync("/api/v1/events:batch", JsonSerializer.SerializeToUtf8Bytes(body), apiKey, cancellationToken);
            if (!answer.IsSuccess || answer.Body is not { } response || !response.TryGetProperty("results", out var results))
            {
                if (!last && (answer.Status is 0 or 429 or >= 500))
                {
                    await Task.Delay(Backoff(attempt), cancellationToken);
                    continue;
                }

                foreach (var replayEvent in pending)
                {
                    if (answer.Status == 0)
                    {
                        tally.CountTransportError(replayEvent.Kind, answer.TransportError ?? "no answer");
                    }
                    else
                    {
                        tally.Count(replayEvent.Kind, answer.Status, answer.Body);
                    }
                }

                Interlocked.Add(ref _sent, pending.Count);
                return;
            }

            var retry = new List<ReplayEvent>();
            var index = 0;
            foreach (var result in results.EnumerateArray())
            {
                var replayEvent = pending[index++];
                var status = result.GetProperty("status").GetInt32();
                if (status == 503 && !last)
                {
                    retry.Add(replayEvent);
                    continue;
                }

                tally.Count(replayEvent.Kind, status, result.TryGetProperty("body", out var ok) ? ok : result.TryGetProperty("problem", out var problem) ? problem : null);
                Interlocked.Increment(ref _sent);
            }

            pending = retry;
            if (pending.Count > 0)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1));

    /// <summary>FNV-1a: the same lane for the same customer in every run (string.GetHashCode is randomized per process).</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
