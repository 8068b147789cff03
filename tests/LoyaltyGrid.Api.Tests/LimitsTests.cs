using System.Net;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

public sealed class LimitedServer : ApiServer
{
    public const string BurstKey = "sf-c-77c1d2e3f4a5b6c7d8e9f0a1";
    public const int PermitsPerSecond = 20;
    public const int MaxBodyBytes = 2048;

    protected override string Purpose => "limits";

    protected override void Configure(ServerProcessBuilder server) => server
        .With("Api__RateLimit__PermitsPerSecond", PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Api__MaxBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Auth__TokenLifetime", "00:00:04")
        .WithCredentials(new ApiKeyGrant(BurstKey, "storefront", "store-c"));
}

/// <summary>The configurable limits: rate per credential, body size, token lifetime.</summary>
public sealed class LimitsTests(LimitedServer server) : IClassFixture<LimitedServer>
{
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_while_other_keys_go_on()
    {
        var customerId = TestIds.New("c");
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10.00m, "USD"), TestCredentials.StoreACredential);
        var burst = Credential.Key(LimitedServer.BurstKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10 * LimitedServer.PermitsPerSecond)
            .Select(_ => _api.GetAsync($"/api/v1/customers/{customerId}", burst)));

        try
        {
            // The bucket holds one second's worth and refills by as much each second; however slowly
            // a busy machine serves the burst, the first second's worth gets through and, unless
            // serving it took over nine seconds, some of the rest does not.
            var limited = responses.Where(response => response.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            var served = responses.Count(response => response.StatusCode == HttpStatusCode.OK);
            Assert.Equal(responses.Length, limited.Count + served);
            Assert.InRange(served, LimitedServer.PermitsPerSecond, responses.Length - 1);
            Assert.NotEmpty(limited);
            var problem = await Responses.ExpectProblemAsync(limited[0], HttpStatusCode.TooManyRequests);
            Assert.Equal("urn:loyaltygrid:problem:rate-limited", problem.GetProperty("type").GetString());
            var retryAfter = limited[0].Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Another key has a bucket of its own.
        await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreBCredential);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_413_and_one_under_it_is_accepted()
    {
        var customerId = TestIds.New("c");
        var small = PurchaseTests.Purchase(TestIds.New("A"), customerId, 10.00m, "USD");
        var large = PurchaseTests.Purchase(TestIds.New("A"), customerId, 10.00m, "USD");
        large["padding"] = new string('x', LimitedServer.MaxBodyBytes);

        using var refused = await _api.PostAsync("/api/v1/purchases", large, TestCredentials.StoreBCredential);
        await _api.PostOkAsync("/api/v1/purchases", small, TestCredentials.StoreBCredential);

        await Responses.ExpectProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge);
        var customer = await _api.GetOkAsync($"/api/v1/customers/{customerId}", TestCredentials.StoreBCredential);
        Assert.Equal(1, customer.GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task A_token_stops_working_when_its_configured_lifetime_ends()
    {
        var customerId = TestIds.New("c");
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10.00m, "USD"), TestCredentials.StoreBCredential);
        using var issued = await _api.PostEmptyAsync($"/api/v1/customers/{customerId}/tokens", TestCredentials.StoreBCredential);
        var body = await Responses.ExpectJsonAsync(issued, HttpStatusCode.OK);
        var token = Credential.Bearer(body.GetProperty("token").GetString()!);
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.True(expiresAt <= TimeProvider.System.GetUtcNow().AddSeconds(5), $"expires at {expiresAt}");

        await _api.GetOkAsync($"/api/v1/customers/{customerId}", token);
        var wait = expiresAt - TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(300);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        using var expired = await _api.GetAsync($"/api/v1/customers/{customerId}", token);
        var problem = await Responses.ExpectProblemAsync(expired, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
