using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;customer token&gt;</c>.</summary>
public sealed class CustomerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CustomerTokens tokens)
    : ProblemAuthenticationHandler(options, logger, encoder)
{
    public const string SchemeName = "CustomerToken";
    private const string BearerPrefix = "Bearer ";

    protected override string ChallengeAfterFailure => "Bearer realm=\"loyaltygrid\", error=\"invalid_token\"";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var value = authorization.Count == 1 ? authorization[0] : null;
        if (value is null || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || value.Length == BearerPrefix.Length)
        {
            return Task.FromResult(AuthenticateResult.Fail("Send one 'Authorization: Bearer <token>' header."));
        }

        var check = tokens.Check(value[BearerPrefix.Length..].Trim());
        if (check.CustomerId is not { } customerId)
        {
            return Task.FromResult(AuthenticateResult.Fail(check.Failure ?? "The bearer token is not valid."));
        }

        var principal = LoyaltyGridClaims.Principal(
            SchemeName, Roles.Customer, $"customer:{customerId}", (LoyaltyGridClaims.Customer, customerId));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
