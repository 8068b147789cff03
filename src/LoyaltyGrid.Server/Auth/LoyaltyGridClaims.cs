using System.Security.Claims;

namespace LoyaltyGrid.Server.Auth;

/// <summary>The claims LoyaltyGrid's authentication handlers put on a request's principal.</summary>
public static class LoyaltyGridClaims
{
    public const string Storefront = "lg:storefront";
    public const string Customer = "lg:customer";

    /// <summary>
    /// Which credential made the request (e.g. <c>apikey#2</c>, <c>customer:c-42</c>), safe to log
    /// and to partition rate limits by: it never contains the secret itself.
    /// </summary>
    public const string CredentialId = "lg:credential";

    /// <summary>The storefront of a storefront key; the storefront policy guarantees it is there.</summary>
    public static string StorefrontId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Storefront) ?? throw new InvalidOperationException("The request was not made with a storefront key.");

    public static string? CustomerId(this ClaimsPrincipal user) => user.FindFirstValue(Customer);

    public static string? CredentialIdOf(this ClaimsPrincipal user) => user.FindFirstValue(CredentialId);

    internal static ClaimsPrincipal Principal(string authenticationType, string role, string credentialId, params (string Type, string Value)[] extra)
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, role), new(CredentialId, credentialId) };
        claims.AddRange(extra.Select(claim => new Claim(claim.Type, claim.Value)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, CredentialId, ClaimTypes.Role));
    }
}
