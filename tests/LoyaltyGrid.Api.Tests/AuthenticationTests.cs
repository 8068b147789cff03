using System.Net;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>Who may call what (api.md): 401 for a missing or bad credential, 403 for a valid one that may not.</summary>
public sealed class AuthenticationTests(ApiServer server) : IClassFixture<ApiServer>, IAsyncLifetime
{
    private readonly ApiClient _api = server.Api;
    private readonly string _customerId = TestIds.New("c");
    private readonly string _otherCustomerId = TestIds.New("c");

    public async Task InitializeAsync()
    {
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), _customerId, 100.00m, "USD"), TestCredentials.StoreACredential);
        await _api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), _otherCustomerId, 100.00m, "USD"), TestCredentials.StoreACredential);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every endpoint, with a valid body, for a customer that exists.</summary>
    private IEnumerable<(string Name, Func<Credential, Task<HttpResponseMessage>> Call)> Endpoints(string customerId)
    {
        var at = Times.Iso(Times.HoursAgo(1));
        yield return ("purchase", c => _api.PostAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 1.00m, "USD"), c));
        yield return ("refund", c => _api.PostAsync("/api/v1/refunds", new { refundId = TestIds.New("R"), orderId = "none", customerId, amount = 1.00m, occurredAt = at }, c));
        yield return ("visit", c => _api.PostAsync("/api/v1/visits", new { sessionId = TestIds.New("s"), customerId, market = "DE", occurredAt = at }, c));
        yield return ("complaint", c => _api.PostAsync("/api/v1/complaints", new { complaintId = TestIds.New("K"), customerId, category = "quality", occurredAt = at }, c));
        yield return ("complaint response", c => _api.PostAsync("/api/v1/complaints/K-1/response", new { customerId, occurredAt = at }, c));
        yield return ("complaint resolution", c => _api.PostAsync("/api/v1/complaints/K-1/resolution", new { customerId, occurredAt = at }, c));
        yield return ("review", c => _api.PostAsync("/api/v1/reviews", new { reviewId = TestIds.New("V"), customerId, orderId = "none", rating = 5, occurredAt = at }, c));
        yield return ("referral", c => _api.PostAsync("/api/v1/referrals", new { referralId = TestIds.New("F"), referrerId = TestIds.New("c"), refereeId = customerId, occurredAt = at }, c));
        yield return ("batch", c => _api.PostAsync("/api/v1/events:batch", new { events = new[] { new { type = "visit", sessionId = TestIds.New("s"), market = "DE", occurredAt = at } } }, c));
        yield return ("token", c => _api.PostEmptyAsync($"/api/v1/customers/{customerId}/tokens", c));
        yield return ("read", c => _api.GetAsync($"/api/v1/customers/{customerId}", c));
        yield return ("history", c => _api.GetAsync($"/api/v1/customers/{customerId}/history", c));
        yield return ("redemption", c => _api.PostAsync($"/api/v1/customers/{customerId}/redemptions", new { redemptionId = TestIds.New("D"), points = 1 }, c));
        yield return ("erasure", c => _api.DeleteAsync($"/api/v1/customers/{TestIds.New("nobody")}", c));
    }

    [Fact]
    public async Task Without_a_credential_every_endpoint_is_401_with_a_challenge()
    {
        foreach (var (name, call) in Endpoints(_customerId))
        {
            using var response = await call(Credential.None);
            await Responses.ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.True(response.Headers.WwwAuthenticate.Count > 0, $"{name} names how to authenticate");
        }
    }

    [Fact]
    public async Task An_unknown_key_is_401_on_every_endpoint()
    {
        foreach (var (_, call) in Endpoints(_customerId))
        {
            using var response = await call(Credential.Key("sf-a-4f1c2d9e8b7a6f5e4d3c2b1b"));
            var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.DoesNotContain("sf-a-4f1c2d9e8b7a6f5e4d3c2b1b", problem.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_ops_key_is_403_on_every_storefront_and_customer_endpoint()
    {
        foreach (var (_, call) in Endpoints(_customerId))
        {
            using var response = await call(TestCredentials.OpsCredential);
            await Responses.ExpectProblemAsync(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task A_storefront_key_reaches_every_endpoint()
    {
        foreach (var (name, call) in Endpoints(_customerId))
        {
            using var response = await call(TestCredentials.StoreBCredential);
            Assert.True(
                response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{name} answered {(int)response.StatusCode} to a storefront key");
        }
    }

    [Fact]
    public async Task A_customer_token_reads_and_redeems_its_own_account_and_nothing_else()
    {
        var token = Credential.Bearer(await _api.IssueTokenAsync(_customerId));

        var own = await _api.GetOkAsync($"/api/v1/customers/{_customerId}", token);
        Assert.Equal(_customerId, own.GetProperty("customerId").GetString());
        var redemption = await _api.PostOkAsync($"/api/v1/customers/{_customerId}/redemptions", new { redemptionId = TestIds.New("D"), points = 1 }, token);
        Assert.False(redemption.GetProperty("duplicate").GetBoolean());

        foreach (var (name, call) in Endpoints(_customerId).Where(endpoint => endpoint.Name is not ("read" or "redemption")))
        {
            using var response = await call(token);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{name} answered {(int)response.StatusCode} to a customer token");
            await Responses.ExpectProblemAsync(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task A_customer_token_is_403_for_another_customer()
    {
        var token = Credential.Bearer(await _api.IssueTokenAsync(_customerId));

        using var read = await _api.GetAsync($"/api/v1/customers/{_otherCustomerId}", token);
        await Responses.ExpectProblemAsync(read, HttpStatusCode.Forbidden);
        using var redeem = await _api.PostAsync($"/api/v1/customers/{_otherCustomerId}/redemptions", new { redemptionId = TestIds.New("D"), points = 1 }, token);
        await Responses.ExpectProblemAsync(redeem, HttpStatusCode.Forbidden);

        var other = await _api.GetOkAsync($"/api/v1/customers/{_otherCustomerId}", TestCredentials.StoreACredential);
        Assert.Equal(100, other.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task An_issued_token_expires_within_the_configured_hour()
    {
        using var response = await _api.PostEmptyAsync($"/api/v1/customers/{_customerId}/tokens", TestCredentials.StoreACredential);
        var issued = await Responses.ExpectJsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(["expiresAt", "token"], Responses.PropertyNames(issued));
        var expiresAt = issued.GetProperty("expiresAt").GetDateTimeOffset();
        var now = TimeProvider.System.GetUtcNow();
        Assert.InRange(expiresAt, now.AddMinutes(59), now.AddMinutes(61));
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var expired = TestCredentials.SignToken(_customerId, TimeProvider.System.GetUtcNow().AddMinutes(-1));

        using var response = await _api.GetAsync($"/api/v1/customers/{_customerId}", Credential.Bearer(expired));

        var problem = await Responses.ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_by_the_test_with_the_servers_key_is_accepted_so_the_expiry_test_is_meaningful()
    {
        var valid = TestCredentials.SignToken(_customerId, TimeProvider.System.GetUtcNow().AddMinutes(5));

        await _api.GetOkAsync($"/api/v1/customers/{_customerId}", Credential.Bearer(valid));
    }

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        var token = await _api.IssueTokenAsync(_customerId);
        var parts = token.Split('.');
        // Point the payload at another customer and keep the original signature.
        var forgedPayload = TestCredentials.SignToken(_otherCustomerId, TimeProvider.System.GetUtcNow().AddHours(1)).Split('.')[1];
        var lastCharacter = parts[2][^1] == 'A' ? 'B' : 'A';
        var tampered = new[]
        {
            $"{parts[0]}.{forgedPayload}.{parts[2]}",
            $"{parts[0]}.{parts[1]}.{parts[2][..^1]}{lastCharacter}",
            $"{parts[0]}.{parts[1]}",
            TestCredentials.SignToken(_customerId, TimeProvider.System.GetUtcNow().AddHours(1), signingKey: "another-key-that-is-long-enough-0123456789"),
            "not-a-token",
        };

        foreach (var candidate in tampered)
        {
            using var read = await _api.GetAsync($"/api/v1/customers/{_otherCustomerId}", Credential.Bearer(candidate));
            await Responses.ExpectProblemAsync(read, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_token_is_for_one_customer_named_in_the_route()
    {
        // A customer id that differs only in case is another customer.
        var token = Credential.Bearer(await _api.IssueTokenAsync(_customerId));

        using var response = await _api.GetAsync($"/api/v1/customers/{_customerId.ToUpperInvariant()}", token);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task With_both_an_api_key_and_a_token_the_key_decides()
    {
        var token = await _api.IssueTokenAsync(_customerId);
        var both = new Credential("ops key and token", TestCredentials.OpsKey, token);

        using var response = await _api.GetAsync($"/api/v1/customers/{_customerId}", both);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_answers_without_a_credential()
    {
        using var health = await server.Process.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task The_keys_are_never_written_to_the_log()
    {
        // Requests above have presented every key, known and unknown.
        using var response = await _api.GetAsync($"/api/v1/customers/{_customerId}", Credential.Key("sf-a-4f1c2d9e8b7a6f5e4d3c2b1b"));
        await Responses.ExpectProblemAsync(response, HttpStatusCode.Unauthorized);

        Assert.DoesNotContain(TestCredentials.StoreAKey, server.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.OpsKey, server.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("sf-a-4f1c2d9e8b7a6f5e4d3c2b1b", server.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.SigningKey, server.Process.Output, StringComparison.Ordinal);
    }
}
