using LoyaltyGrid.Domain.Notices;

namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>
/// The <c>Webhooks</c> section: who receives which notices (api.md "Webhooks"), and how hard the
/// delivery tries. <c>Webhooks:ExpiryNoticeDays</c> is read by the loyalty rules, which decide it.
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public List<WebhookSubscription> Subscriptions { get; set; } = [];

    /// <summary>How long one POST may take before it counts as not answered.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The median first delay of the exponential backoff (with jitter) between attempts.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No delay between two attempts is longer, so a receiver back after an outage hears soon.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after the first attempt a delivery is retried before it is marked failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often an idle lane looks for due deliveries (a notice committed by this silo wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claimed delivery is kept from other silos: when its silo dies mid-call, the
    /// delivery is tried again after this. Longer than <see cref="AttemptTimeout"/>.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests in flight to one subscription from one silo; the lanes of other subscriptions are separate.</summary>
    public int ConcurrencyPerSubscription { get; set; } = 4;

    /// <summary>How many due deliveries a lane claims at once.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Every problem, each naming the key to fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        const string prefix = SectionName + ":";
        for (var index = 0; index < Subscriptions.Count; index++)
        {
            var key = $"{prefix}Subscriptions:{index}:";
            var subscription = Subscriptions[index];
            if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"{key}Url must be an absolute http or https URL (it was '{subscription.Url}').");
            }
            else if (Subscriptions.Take(index).Any(earlier => string.Equals(earlier.Url, subscription.Url, StringComparison.Ordinal)))
            {
                problems.Add($"{key}Url '{subscription.Url}' is configured twice: a subscription is known by its URL, so give each URL one entry with all its events.");
            }

            if (string.IsNullOrWhiteSpace(subscription.Secret))
            {
                problems.Add($"{key}Secret must be set: every request is signed with it.");
            }

            foreach (var type in subscription.Events ?? [])
            {
                if (!NoticeTypes.All.Contains(type))
                {
                    problems.Add($"{key}Events has '{type}', which is no webhook event type; use {string.Join(", ", NoticeTypes.All)}, or no Events for all.");
                }
            }
        }

        Positive(nameof(AttemptTimeout), AttemptTimeout, problems);
        Positive(nameof(FirstRetryDelay), FirstRetryDelay, problems);
        Positive(nameof(MaxRetryDelay), MaxRetryDelay, problems);
        Positive(nameof(RetryFor), RetryFor, problems);
        Positive(nameof(PollInterval), PollInterval, problems);
        if (Lease <= AttemptTimeout)
        {
            problems.Add($"{prefix}Lease must be longer than {prefix}AttemptTimeout ({AttemptTimeout}), or a slow answer would be sent again by another silo (it was {Lease}).");
        }

        if (ConcurrencyPerSubscription is < 1 or > 256)
        {
            problems.Add($"{prefix}ConcurrencyPerSubscription must be between 1 and 256 (it was {ConcurrencyPerSubscription}).");
        }

        if (BatchSize is < 1 or > 1000)
        {
            problems.Add($"{prefix}BatchSize must be between 1 and 1000 (it was {BatchSize}).");
        }

        return problems;
    }

    private static void Positive(string name, TimeSpan value, List<string> problems)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:{name} must be positive (it was {value}).");
        }
    }
}

/// <summary>One receiver: its URL (which identifies it in the outbox), the secret it checks signatures with, and the event types it wants (empty: all).</summary>
public sealed class WebhookSubscription
{
    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";

    public List<string> Events { get; set; } = [];

    public bool Wants(string type) => Events is not { Count: > 0 } || Events.Contains(type, StringComparer.Ordinal);
}
