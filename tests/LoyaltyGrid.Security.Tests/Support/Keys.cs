using System.Globalization;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>How a request authenticates: an API key, a customer's bearer token, both, or nothing.</summary>
public sealed record Credential(string Name, string? ApiKey, string? BearerToken)
{
    public static readonly Credential None = new("none", null, null);

    public void ApplyTo(HttpRequestMessage request)
    {
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

/// <summary>
/// The keys the security servers are configured with, as environment variables. Each is made
/// up for these tests; none is used anywhere else.
/// </summary>
public static class SecurityKeys
{
    public const string StoreA = "sec-store-a";
    public const string StoreB = "sec-store-b";
    public const string FuzzStore = "sec-store-fuzz";
    public const string StoreAKey = "sec-sf-a-3b9d0e7c1f5a2468ace0bd13";
    public const string StoreBKey = "sec-sf-b-8f2e6a4c0d1b3957bdf1ce24";
    public const string FuzzKey = "sec-sf-z-5c7e9a1b3d0f2468bd02ef35";
    public const string OpsKey = "sec-ops-1a2b3c4d5e6f708192a3b4c5";
    public const string RevokedKey = "sec-sf-r-0f9e8d7c6b5a49382716a5b4";
    public const string SigningKey = "sec-signing-9d8c7b6a5f4e3d2c1b0a99887766554433";

    public static readonly Credential StoreACredential = new("storefront", StoreAKey, null);
    public static readonly Credential StoreBCredential = new("other storefront", StoreBKey, null);
    public static readonly Credential FuzzCredential = new("fuzz storefront", FuzzKey, null);
    public static readonly Credential OpsCredential = new("ops", OpsKey, null);
    public static readonly Credential RevokedCredential = new("revoked key", RevokedKey, null);

    public static IReadOnlyList<string> AllSecrets => [StoreAKey, StoreBKey, FuzzKey, OpsKey, RevokedKey, SigningKey];

    public static Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>();
        var keys = new (string Key, string Role, string? Storefront, bool Revoked)[]
        {
            (StoreAKey, "storefront", StoreA, false),
            (StoreBKey, "storefront", StoreB, false),
            (OpsKey, "ops", null, false),
            (FuzzKey, "storefront", FuzzStore, false),
            // The revoked key was store A's: it must not keep any of store A's rights.
            (RevokedKey, "storefront", StoreA, true),
        };
        for (var index = 0; index < keys.Length; index++)
        {
            var (key, role, storefront, revoked) = keys[index];
            var prefix = $"Auth__ApiKeys__{index.ToString(CultureInfo.InvariantCulture)}__";
            environment[prefix + "Key"] = key;
            environment[prefix + "Role"] = role;
            if (storefront is not null)
            {
                environment[prefix + "Storefront"] = storefront;
            }

            if (revoked)
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
