using System.Net;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests;

/// <summary>A server whose credentials may each make only a few requests a second.</summary>
public sealed class RateLimitedServer : SecurityServer
{
    public const int PermitsPerSecond = 10;

    protected override string Purpose => "ratelimit";

    protected override void ConfigureLimits(ServerProcessBuilder server) =>
        server.With("Api__RateLimit__PermitsPerSecond", PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// Rate limits are per credential (Api.Tests' LimitsTests covers one key against another):
/// a key over its limit is refused 429 with Retry-After on every kind of endpoint, while the
/// other credentials of the same client address (another key, the ops key, a customer's token)
/// go on; unknown keys share a bucket per address, so guessing keys is slowed without locking
/// out the valid keys sent from that address.
/// </summary>
public sealed class RateLimitTests(RateLimitedServer server) : IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_other_credentials_are_unaffected()
    {
        var subject = Subject.Fresh($"rl{Guid.NewGuid():N}"[..10], 1);
        await server.Api.PostOkAsync("/api/v1/purchases", Templates.Purchase(subject), SecurityKeys.StoreACredential);
        var token = new Credential("token", null, await server.Api.IssueTokenAsync(subject.CustomerId));

        // Writes and reads of the same key drain the same bucket.
        var burst = await Task.WhenAll(Enumerable.Range(0, 10 * RateLimitedServer.PermitsPerSecond).Select(n => n % 2 == 0
            ? server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{subject.CustomerId}", SecurityKeys.StoreACredential)
            : server.Api.PostReplyAsync("/api/v1/visits", Templates.Visit(Subject.Fresh(subject.CustomerId, n)), SecurityKeys.StoreACredential)));

        var limited = burst.Where(reply => reply.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(burst, reply => Assert.True(reply.Code is 200 or 202 or 429, reply.ToString()));
        Assert.All(limited, reply =>
        {
            Assert.Null(Problems.Check4xx(reply, ""));
            Assert.NotNull(reply.RetryAfter);
            Assert.InRange(reply.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        });

        // The same client address, other credentials: each has a bucket of its own.
        Assert.Equal(HttpStatusCode.OK, (await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{subject.CustomerId}", SecurityKeys.StoreBCredential)).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{subject.CustomerId}", token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.Api.ReplyAsync(HttpMethod.Get, "/api/v1/kpis", SecurityKeys.OpsCredential)).Status);
    }

    [Fact]
    public async Task Guessing_keys_is_rate_limited_without_locking_out_valid_keys_from_the_same_address()
    {
        var guesses = await Task.WhenAll(Enumerable.Range(0, 10 * RateLimitedServer.PermitsPerSecond).Select(n =>
            server.Api.ReplyAsync(HttpMethod.Get, "/api/v1/kpis", new Credential("guess", $"guess-{n:D4}-0123456789abcdef", null))));

        Assert.All(guesses, reply => Assert.True(reply.Code is 401 or 429, reply.ToString()));
        Assert.Contains(guesses, reply => reply.Status == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await server.Api.ReplyAsync(HttpMethod.Get, "/api/v1/kpis", SecurityKeys.OpsCredential)).Status);
    }
}
