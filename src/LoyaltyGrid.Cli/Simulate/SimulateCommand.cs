using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyGrid.Cli.Api;
using LoyaltyGrid.Cli.Terminal;

namespace LoyaltyGrid.Cli.Simulate;

/// <summary><c>loyaltygrid simulate</c>: the traffic model's requests at a fixed rate, with a running and a final summary.</summary>
public static class SimulateCommand
{
    public static async Task<int> RunAsync(SimulateOptions options, TextWriter output, TextWriter error)
    {
        using var client = new ApiClient(options.Urls, maxConnectionsPerServer: options.MaxInFlight, timeout: TimeSpan.FromSeconds(30));
        var model = new TrafficModel(options.Seed, options.RunId, options.ApiKeys.Count, TimeProvider.System);
        var tally = new OutcomeTally();
        using var inFlight = new SemaphoreSlim(options.MaxInFlight);
        var sent = 0L;
        var late = 0L;
        var pending = new List<Task>();
        var total = (long)(options.Rate * options.Duration.TotalSeconds);
        var interval = TimeSpan.FromSeconds(1 / options.Rate);
        var kinds = TrafficModel.Kinds;
        if (options.OpsKey is { } opsKey)
        {
            var rewardId = $"sim-{options.RunId}-reward";
            const long pointsCost = 50;
            var reward = new { name = "Five euros off", pointsCost, value = 5.00m, currency = "EUR", validDays = 30, active = true };
            var put = await client.SendAsync(HttpMethod.Put, $"/api/v1/rewards/{rewardId}", opsKey, JsonContent.Create(reward), CancellationToken.None);
            if (!put.IsSuccess)
            {
                await error.WriteLineAsync($"could not offer a reward with the ops key: {(put.Status == 0 ? put.TransportError : put.Status.ToString(CultureInfo.InvariantCulture))}");
                return 1;
            }

            model.OfferReward(rewardId, pointsCost);
            kinds = [.. kinds, .. TrafficModel.RewardKinds];
        }

        if (options.SpikeAt is not null)
        {
            kinds = [.. kinds, TrafficModel.SpikeKind];
        }

        var sentiments = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var spiked = false;
        var spikeSize = 0;
        var clock = Stopwatch.StartNew();

        var campaignId = options.OpsKey is null ? null : await CreateCampaignAsync();
        var campaignPurchases = 0L;
        if (options.OpsKey is not null && campaignId is null)
        {
            return 2;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"simulating {options.Rate:N0} requests/s for {options.Duration} against {string.Join(", ", options.Urls)} with {options.ApiKeys.Count} storefront key(s), seed {options.Seed}, run {options.RunId}"));
        await using (new ProgressReporter(error, () => new ProgressSnapshot(Interlocked.Read(ref sent), "sent", Math.Min(1, clock.Elapsed / options.Duration),
            string.Create(CultureInfo.InvariantCulture, $"ok {tally.Accepted + tally.Duplicates:N0}  rejected {tally.Rejected:N0}  5xx {tally.ServerErrors:N0}  errors {tally.TransportErrors:N0}  in flight {options.MaxInFlight - inFlight.CurrentCount}")),
            options.ProgressInPlace))
        {
            for (var i = 0L; i < total; i++)
            {
                // Open loop: the i-th request is due at i × interval, however slow the answers are.
                var due = interval * i;
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                if (options.SpikeAt is { } spikeAt && !spiked && clock.Elapsed >= spikeAt)
                {
                    // The burst leaves at once, beside the steady traffic, as an incident would (before
                    // this slot takes its permit, so a small --max-in-flight cannot stall it).
                    spiked = true;
                    var spike = model.ComplaintSpike();
                    spikeSize = spike.Count;
                    await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"complaint spike: {spike.Count:N0} complaints at {clock.Elapsed:mm\\:ss}"));
                    foreach (var complaint in spike)
                    {
                        await inFlight.WaitAsync();
                        Interlocked.Increment(ref sent);
                        pending.Add(SendAsync(complaint));
                    }
                }

                if (!inFlight.Wait(0))
                {
                    Interlocked.Increment(ref late);
                    await inFlight.WaitAsync();
                }

                var request = model.Next();
                Interlocked.Increment(ref sent);
                pending.Add(SendAsync(request));
                if (pending.Count > 4096)
                {
                    pending.RemoveAll(task => task.IsCompleted);
                }
            }

            await Task.WhenAll(pending);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sent {sent:N0} in {seconds:F1} s ({sent / seconds:N0}/s); ok {tally.Accepted:N0} (+{tally.Duplicates:N0} duplicates); rejected {tally.Rejected:N0}; 5xx {tally.ServerErrors:N0}; errors {tally.TransportErrors:N0}; sent late (in-flight cap {options.MaxInFlight}) {late:N0}"));
        await output.WriteLineAsync("ok by kind: " + string.Join(", ", kinds.Select(kind =>
            string.Create(CultureInfo.InvariantCulture, $"{kind} {tally.SucceededByKind.GetValueOrDefault(kind):N0}"))));
        await output.WriteLineAsync("feedback sentiment: " + string.Join(", ", new[] { "positive", "neutral", "negative" }.Select(label =>
            string.Create(CultureInfo.InvariantCulture, $"{label} {sentiments.GetValueOrDefault(label):N0}"))));
        if (options.SpikeAt is { } at)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"complaint spike at {at:hh\\:mm\\:ss}: {spikeSize:N0} complaints sent, {tally.SucceededByKind.GetValueOrDefault(TrafficModel.SpikeKind):N0} accepted"));
        }

        if (campaignId is not null)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"campaign {campaignId}: {Interlocked.Read(ref campaignPurchases):N0} purchases earned its double points"));
        }

        foreach (var line in tally.DescribeRejections().Concat(tally.DescribeErrors()))
        {
            await output.WriteLineAsync(line);
        }

        return tally.ServerErrors > 0 ? 1 : 0;

        async Task SendAsync(SimulatedRequest request)
        {
            try
            {
                var answer = await client.PostAsync(request.Path, request.Body, options.ApiKeys[request.Storefront]);
                if (answer.Status == 0)
                {
                    tally.CountTransportError(request.Kind, answer.TransportError ?? "no answer");
                    return;
                }

                tally.Count(request.Kind, answer.Status, answer.Body);
                if (answer.IsSuccess && answer.Body is { } body)
                {
                    request.OnSuccess?.Invoke(body);
                    // Reviews and survey answers come back labelled; the tally shows the mix the demo produced.
                    if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("sentiment", out var sentiment) && sentiment.ValueKind == JsonValueKind.String
                        && !(body.TryGetProperty("duplicate", out var duplicate) && duplicate.ValueKind == JsonValueKind.True))
                    {
                        sentiments.AddOrUpdate(sentiment.GetString()!, 1, (_, count) => count + 1);
                    }

                    if (campaignId is not null && NamesCampaign(body, campaignId))
                    {
                        Interlocked.Increment(ref campaignPurchases);
                    }
                }
            }
            finally
            {
                inFlight.Release();
            }
        }

        // Every purchase of the run doubles; it runs a minute past the end for purchases still in flight.
        async Task<string?> CreateCampaignAsync()
        {
            var id = $"simulate-{options.RunId}";
            var now = TimeProvider.System.GetUtcNow();
            var terms = new
            {
                name = $"Double points (simulate run {options.RunId})",
                startsAt = now.AddMinutes(-1),
                endsAt = now + options.Duration + TimeSpan.FromMinutes(1),
                multiplier = 2,
            };
            using var content = JsonContent.Create(terms, options: JsonSerializerOptions.Web);
            var answer = await client.SendAsync(HttpMethod.Put, $"/api/v1/campaigns/{id}", options.OpsKey, content, CancellationToken.None);
            if (answer.IsSuccess)
            {
                await output.WriteLineAsync($"campaign {id}: double points for every purchase of this run");
                return id;
            }

            await error.WriteLineAsync($"creating campaign {id} failed: {(answer.Status == 0 ? answer.TransportError : $"HTTP {answer.Status} {answer.Body}")}");
            return null;
        }
    }

    private static bool NamesCampaign(JsonElement body, string campaignId) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("campaigns", out var campaigns)
        && campaigns.ValueKind == JsonValueKind.Array
        && campaigns.EnumerateArray().Any(id => id.ValueKind == JsonValueKind.String && id.GetString() == campaignId);
}
