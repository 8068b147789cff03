using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Auth;

/// <summary>Authenticates the <c>X-Api-Key</c> header against the configured keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : ProblemAuthenticationHandler(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override string ChallengeAfterFailure => $"ApiKey header=\"{HeaderName}\", error=\"invalid_key\"";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.Fail($"Send exactly one non-empty {HeaderName} header."));
        }

        // The key itself is never logged or echoed; only which configured key matched.
        if (keys.Find(values[0]!) is not { } identity)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not known."));
        }

        var principal = identity.Storefront is { } storefront
            ? LoyaltyGridClaims.Principal(SchemeName, identity.Role, identity.CredentialId, (LoyaltyGridClaims.Storefront, storefront))
            : LoyaltyGridClaims.Principal(SchemeName, identity.Role, identity.CredentialId);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
