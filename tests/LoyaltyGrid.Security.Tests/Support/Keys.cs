using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>
/// The security servers' credentials: the standard <see cref="TestCredentials"/>, plus a
/// storefront of the fuzzer's own and a revoked key, which only these tests need.
/// </summary>
public static class SecurityKeys
{
    public const string StoreA = TestCredentials.StoreA;
    public const string StoreB = TestCredentials.StoreB;
    public const string FuzzStore = "sec-store-fuzz";
    public const string StoreAKey = TestCredentials.StoreAKey;
    public const string StoreBKey = TestCredentials.StoreBKey;
    public const string FuzzKey = "sec-sf-z-5c7e9a1b3d0f2468bd02ef35";
    public const string OpsKey = TestCredentials.OpsKey;
    public const string RevokedKey = "sec-sf-r-0f9e8d7c6b5a49382716a5b4";
    public const string SigningKey = TestCredentials.SigningKey;

    public static readonly Credential StoreACredential = TestCredentials.StoreACredential;
    public static readonly Credential StoreBCredential = TestCredentials.StoreBCredential;
    public static readonly Credential FuzzCredential = Credential.Key(FuzzKey, "fuzz storefront");
    public static readonly Credential OpsCredential = TestCredentials.OpsCredential;
    public static readonly Credential RevokedCredential = Credential.Key(RevokedKey, "revoked key");

    /// <summary>Configured after the standard keys.</summary>
    public static IReadOnlyList<ApiKeyGrant> Extra { get; } =
    [
        new(FuzzKey, "storefront", FuzzStore),
        // The revoked key was store A's: it must not keep any of store A's rights.
        new(RevokedKey, "storefront", StoreA, Revoked: true),
    ];

    public static IReadOnlyList<string> AllSecrets => [.. TestCredentials.Secrets, FuzzKey, RevokedKey];

    /// <summary>A token the server would never issue (already expired, another key); see <see cref="CustomerTokens"/>.</summary>
    public static string SignToken(string customerId, DateTimeOffset expiresAt, string signingKey = SigningKey) =>
        CustomerTokens.Sign(customerId, expiresAt, signingKey);
}
