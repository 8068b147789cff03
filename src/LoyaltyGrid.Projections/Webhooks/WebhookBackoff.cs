using Polly.Contrib.WaitAndRetry;

namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>
/// When a failed delivery is tried again. The schedule is durable (the next moment is stored with
/// the row, so it survives restarts), but the delays are Polly's exponential backoff with
/// decorrelated jitter, capped so a receiver back from an outage hears soon, and ending
/// <see cref="WebhookOptions.RetryFor"/> after the first attempt with one last try at that moment.
/// </summary>
public sealed class WebhookBackoff(WebhookOptions options)
{
    /// <summary>The next attempt after failed attempt number <paramref name="attempt"/>; null when the delivery has failed for good.</summary>
    public DateTimeOffset? NextAttemptAt(int attempt, DateTimeOffset firstAttemptAt, DateTimeOffset now)
    {
        var deadline = firstAttemptAt + options.RetryFor;
        if (now >= deadline)
        {
            return null;
        }

        var delay = Backoff.DecorrelatedJitterBackoffV2(options.FirstRetryDelay, Math.Max(attempt, 1)).Last();
        if (delay > options.MaxRetryDelay)
        {
            delay = options.MaxRetryDelay;
        }

        var next = now + delay;
        return next < deadline ? next : deadline;
    }
}
