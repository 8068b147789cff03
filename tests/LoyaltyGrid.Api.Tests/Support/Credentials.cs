using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Support;

/// <summary>How a request authenticates: an API key, a customer's bearer token, or nothing.</summary>
public sealed record Credential(string? ApiKey, string? BearerToken)
{
    public static readonly Credential None = new(null, null);

    public static Credential Key(string key) => new(key, null);

    public static Credential Bearer(string token) => new(null, token);

    public void ApplyTo(HttpRequestMessage request)
    {
        if (ApiKey is not null)
        {
            request.Headers.Add("X-Api-Key", ApiKey);
        }

        if (BearerToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BearerToken);
        }
    }
}

/// <summary>The keys every test server is configured with (as environment variables, like an operator would).</summary>
public static class TestKeys
{
    public const string StoreA = "store-a";
    public const string StoreB = "store-b";
    public const string StoreAKey = "sf-a-4f1c2d9e8b7a6f5e4d3c2b1a";
    public const string StoreBKey = "sf-b-0a1b2c3d4e5f60718293a4b5";
    public const string OpsKey = "ops-9e8d7c6b5a4f3e2d1c0b9a8f";
    public const string SigningKey = "test-signing-key-5b0c3f8e1d2a4c6b9e7f0a1d2c3b4a59";

    public static readonly Credential StoreACredential = Credential.Key(StoreAKey);
    public static readonly Credential StoreBCredential = Credential.Key(StoreBKey);
    public static readonly Credential OpsCredential = Credential.Key(OpsKey);

    public static Dictionary<string, string> Environment() => new()
    {
        ["Auth__ApiKeys__0__Key"] = StoreAKey,
        ["Auth__ApiKeys__0__Role"] = "storefront",
        ["Auth__ApiKeys__0__Storefront"] = StoreA,
        ["Auth__ApiKeys__1__Key"] = StoreBKey,
        ["Auth__ApiKeys__1__Role"] = "storefront",
        ["Auth__ApiKeys__1__Storefront"] = StoreB,
        ["Auth__ApiKeys__2__Key"] = OpsKey,
        ["Auth__ApiKeys__2__Role"] = "ops",
        ["Auth__TokenSigningKey"] = SigningKey,
    };

    /// <summary>A token the server would never issue (already expired, another key); see <see cref="CustomerTokens"/>.</summary>
    public static string SignToken(string customerId, DateTimeOffset expiresAt, string signingKey = SigningKey) =>
        CustomerTokens.Sign(customerId, expiresAt, signingKey);
}
