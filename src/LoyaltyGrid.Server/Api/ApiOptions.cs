namespace LoyaltyGrid.Server.Api;

/// <summary>The <c>Api</c> configuration section: limits of the HTTP API.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted on <c>/api/v1</c>; larger ones are answered 413.</summary>
    // A day covers any clock that is merely wrong; more would defeat the check.
    private static readonly TimeSpan MaxOfMaxClockSkew = TimeSpan.FromDays(1);

    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// How far past the server's clock an event's time may be: a storefront's clock may run a
    /// little ahead, but an event from next week is a typo that would earn points and move
    /// tiers ahead of time.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxBodyBytes <= 0)
        {
            problems.Add($"Api:MaxBodyBytes must be greater than 0 (it was {MaxBodyBytes}).");
        }

        if (RateLimit is null || RateLimit.PermitsPerSecond <= 0)
        {
            problems.Add($"Api:RateLimit:PermitsPerSecond must be greater than 0 (it was {RateLimit?.PermitsPerSecond}).");
        }

        if (MaxClockSkew < TimeSpan.Zero || MaxClockSkew > MaxOfMaxClockSkew)
        {
            problems.Add($"Api:MaxClockSkew must be from 00:00:00 to {MaxOfMaxClockSkew} (it was {MaxClockSkew}).");
        }

        return problems;
    }
}

public sealed class RateLimitOptions
{
    /// <summary>
    /// Requests per second each credential (API key, customer token) may make, with bursts of up
    /// to one second's worth. Generous by default: it stops a runaway client, not a busy shop.
    /// </summary>
    public int PermitsPerSecond { get; set; } = 2000;
}
