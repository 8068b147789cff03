using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>
/// Sends due webhook deliveries, on every silo, never on a request's path. Each subscription has
/// its own lane (its own claims and its own requests in flight), so a slow or dead receiver only
/// ever waits on itself. A lane claims due rows from the outbox (shared by all silos, each row
/// leased to one), posts each signed, and stores the outcome: delivered on a 2xx (the batch's
/// answers in one statement, in the transaction of the next claim), otherwise the next attempt
/// from <see cref="WebhookBackoff"/>, or failed once it is 24 hours past the first.
/// </summary>
/// <remarks>
/// The HTTP pipeline (<see cref="WebhookServices.HttpClientName"/>) is Polly's, through
/// Microsoft.Extensions.Http.Resilience: a per-attempt timeout, and per receiver a concurrency
/// limit and a circuit breaker that spares a dead receiver calls while it is open. It does not
/// retry: retries are the outbox's, durable across restarts.
/// </remarks>
public sealed partial class WebhookDeliveryService(
    IOptions<WebhookOptions> options,
    WebhookOutbox outbox,
    IHttpClientFactory httpClients,
    WebhookSignal signal,
    TimeProvider clock,
    ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    private readonly WebhookBackoff _backoff = new(options.Value);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Subscriptions.Select(subscription => Task.Run(() => RunLaneAsync(subscription, stoppingToken), CancellationToken.None)));

    private async Task RunLaneAsync(WebhookSubscription subscription, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.ConcurrencyPerSubscription, CancellationToken = CancellationToken.None };
        // A batch's answers are stored with the next claim, in its transaction: one commit per
        // batch instead of two. Should this silo die first, they are sent again (same id): at
        // least once. Kept when storing fails, so the next round stores them.
        IReadOnlyList<AnsweredDelivery> answered = [];
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Taken before the claim: a notice committed while claiming still wakes the lane.
                var woken = signal.Next;
                var claimed = await outbox.SettleAndClaimAsync(subscription.Url, answered, clock.GetUtcNow(), settings.Lease, settings.BatchSize, stoppingToken);
                answered = [];
                if (claimed.Count == 0)
                {
                    await Task.WhenAny(woken, Task.Delay(settings.PollInterval, clock, stoppingToken));
                    continue;
                }

                var answers = new ConcurrentBag<AnsweredDelivery>();
                try
                {
                    await Parallel.ForEachAsync(claimed, parallel, async (delivery, _) => await SendAsync(subscription, delivery, answers, stoppingToken));
                }
                finally
                {
                    answered = [.. answers];
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Storage away: the rows stay in the outbox; try again after a pause.
                LogLaneFailed(ex);
                try
                {
                    await Task.Delay(settings.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        // Stopping: what was answered is stored now rather than sent again by the next owner.
        try
        {
            await outbox.DeliveredAsync(subscription.Url, answered, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogAnswersNotStored(ex, answered.Count);
        }
    }

    private async Task SendAsync(WebhookSubscription subscription, ClaimedDelivery delivery, ConcurrentBag<AnsweredDelivery> answered, CancellationToken stoppingToken)
    {
        int? status = null;
        string error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Of(subscription.Secret, clock.GetUtcNow().ToUnixTimeSeconds(), delivery.Body));
            using var response = await httpClients.CreateClient(WebhookServices.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stoppingToken);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                answered.Add(new AnsweredDelivery(delivery.JournalTx, delivery.EventId, clock.GetUtcNow(), status.Value));
                return;
            }

            error = $"answered {status} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: give the claim back so another silo (or this one, restarted) tries it now.
            await outbox.ReleaseAsync(delivery, CancellationToken.None);
            return;
        }
        catch (TimeoutRejectedException)
        {
            error = $"no answer within {options.Value.AttemptTimeout}";
        }
        catch (BrokenCircuitException)
        {
            error = "not sent: the receiver's circuit is open after repeated failures";
        }
        catch (RateLimiterRejectedException)
        {
            error = "not sent: too many requests to this receiver already in flight";
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }

        var next = _backoff.NextAttemptAt(delivery.Attempt, delivery.FirstAttemptAt, clock.GetUtcNow());
        if (next is null)
        {
            LogGaveUp(delivery.EventId, delivery.Attempt);
        }

        await outbox.FailedAsync(delivery, next, status, error, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook delivery lane failed to reach storage; it tries again")]
    private partial void LogLaneFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} answered webhook deliveries could not be stored while stopping; they will be sent again")]
    private partial void LogAnswersNotStored(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventId} failed for good after {Attempts} attempts")]
    private partial void LogGaveUp(string eventId, int attempts);
}
