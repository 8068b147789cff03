namespace LoyaltyGrid.Server.Api;

/// <summary>The <c>Api</c> configuration section: limits of the HTTP API.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted on <c>/api/v1</c>; larger ones are answered 413.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

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
