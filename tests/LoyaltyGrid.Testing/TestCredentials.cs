using System.Globalization;

namespace LoyaltyGrid.Testing;

/// <summary>How a request authenticates: an API key, a customer's bearer token, both, or nothing.</summary>
/// <param name="Name">What the credential is, for test names and failure messages.</param>
public sealed record Credential(string Name, string? ApiKey, string? BearerToken)
{
    public static readonly Credential None = new("none", null, null);

    public static Credential Key(string key, string name = "api key") => new(name, key, null);

    public static Credential Bearer(string token, string name = "customer token") => new(name, null, token);

    public void ApplyTo(HttpRequestMessage request)
    {
        // Without validation: tests also send keys and tokens no client library would accept.
        if (ApiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", ApiKey);
        }

        if (BearerToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {BearerToken}");
        }
    }

    public override string ToString() => Name;
}

/// <summary>One entry of <c>Auth:ApiKeys</c>, as an operator configures it.</summary>
public sealed record ApiKeyGrant(string Key, string Role, string? Storefront = null, bool Revoked = false);

/// <summary>
/// The credentials every test server is configured with: two storefronts and ops, plus the
/// customer-token signing key. Made up for the tests; none is used anywhere else.
/// </summary>
public static class TestCredentials
{
    public const string StoreA = "store-a";
    public const string StoreB = "store-b";
    public const string StoreAKey = "sf-a-4f1c2d9e8b7a6f5e4d3c2b1a";
    public const string StoreBKey = "sf-b-0a1b2c3d4e5f60718293a4b5";
    public const string OpsKey = "ops-9e8d7c6b5a4f3e2d1c0b9a8f";
    public const string SigningKey = "test-signing-key-5b0c3f8e1d2a4c6b9e7f0a1d2c3b4a59";

    public static readonly Credential StoreACredential = Credential.Key(StoreAKey, "storefront");
    public static readonly Credential StoreBCredential = Credential.Key(StoreBKey, "other storefront");
    public static readonly Credential OpsCredential = Credential.Key(OpsKey, "ops");

    public static IReadOnlyList<ApiKeyGrant> Keys { get; } =
    [
        new(StoreAKey, "storefront", StoreA),
        new(StoreBKey, "storefront", StoreB),
        new(OpsKey, "ops"),
    ];

    public static IReadOnlyList<string> Secrets => [StoreAKey, StoreBKey, OpsKey, SigningKey];

    /// <summary>
    /// The keys and the signing key as environment variables (<c>Auth__ApiKeys__N__…</c>);
    /// <paramref name="more"/> are configured after the standard three.
    /// </summary>
    public static Dictionary<string, string> Environment(params IEnumerable<ApiKeyGrant> more)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (grant, index) in Keys.Concat(more).Select((grant, index) => (grant, index)))
        {
            var prefix = $"Auth__ApiKeys__{index.ToString(CultureInfo.InvariantCulture)}__";
            environment[prefix + "Key"] = grant.Key;
            environment[prefix + "Role"] = grant.Role;
            if (grant.Storefront is not null)
            {
                environment[prefix + "Storefront"] = grant.Storefront;
            }

            if (grant.Revoked)
            {
                environment[prefix + "Revoked"] = "true";
            }
        }

        environment["Auth__TokenSigningKey"] = SigningKey;
        return environment;
    }

    /// <summary>A token the server would never issue (already expired, another key); see <see cref="CustomerTokens"/>.</summary>
    public static string SignToken(string customerId, DateTimeOffset expiresAt, string signingKey = SigningKey) =>
        CustomerTokens.Sign(customerId, expiresAt, signingKey);
}
