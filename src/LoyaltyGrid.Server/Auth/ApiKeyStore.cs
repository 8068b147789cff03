using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Auth;

/// <summary>Who a configured API key is: its role, its storefront, a loggable id, and whether it was revoked.</summary>
public sealed record ApiKeyIdentity(string CredentialId, string Role, string? Storefront, bool Revoked = false)
{
    public const string RevokedMessage = "The API key has been revoked.";
}

/// <summary>
/// The configured API keys, held only as SHA-256 digests so that a lookup compares fixed-length
/// values in constant time whatever the length of the key presented.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly (byte[] Digest, ApiKeyIdentity Identity)[] _keys;

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        _keys = options.Value.ApiKeys
            .Select((key, index) => (Digest(key.Key), new ApiKeyIdentity($"apikey#{index}", key.Role, key.Storefront, key.Revoked)))
            .ToArray();
    }

    public ApiKeyIdentity? Find(string presented)
    {
        var digest = Digest(presented);
        ApiKeyIdentity? found = null;
        // Every key is compared, matched or not, so the time taken says nothing about which one
        // (if any) was close.
        foreach (var (candidate, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, candidate))
            {
                found ??= identity;
            }
        }

        return found;
    }

    /// <summary>
    /// The outcome of presenting <paramref name="presented"/> to an authentication scheme: an unknown
    /// or revoked key fails with a reason (never echoing the key), a known one signs in with its
    /// role and storefront.
    /// </summary>
    public AuthenticateResult Authenticate(string presented, string scheme)
    {
        if (Find(presented) is not { } identity)
        {
            return AuthenticateResult.Fail("The API key is not known.");
        }

        if (identity.Revoked)
        {
            return AuthenticateResult.Fail(ApiKeyIdentity.RevokedMessage);
        }

        var principal = identity.Storefront is { } storefront
            ? LoyaltyGridClaims.Principal(scheme, identity.Role, identity.CredentialId, (LoyaltyGridClaims.Storefront, storefront))
            : LoyaltyGridClaims.Principal(scheme, identity.Role, identity.CredentialId);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, scheme));
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
