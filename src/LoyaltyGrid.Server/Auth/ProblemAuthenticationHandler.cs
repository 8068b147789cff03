using System.Text.Encodings.Web;
using LoyaltyGrid.Server.Api.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Auth;

/// <summary>
/// Answers a refused request with problem details instead of an empty body, like every other
/// error of the API: 401 says why the credential was not accepted, 403 that it was accepted but
/// does not allow this request.
/// </summary>
public abstract class ProblemAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Both ways in, so a client that sent nothing learns what it may send.</summary>
    private const string Challenge = $"ApiKey header=\"{ApiKeyAuthenticationHandler.HeaderName}\", Bearer realm=\"loyaltygrid\"";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = result.Failure is null ? Challenge : ChallengeAfterFailure;
        var detail = result.Failure?.Message
            ?? $"Send an API key in the {ApiKeyAuthenticationHandler.HeaderName} header, or a customer token as 'Authorization: Bearer <token>'.";
        await ApiProblems.Unauthorized(detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Forbidden("The credential is valid but does not allow this request.").ExecuteAsync(Context);

    /// <summary>The <c>WWW-Authenticate</c> value when a presented credential of this scheme was refused.</summary>
    protected abstract string ChallengeAfterFailure { get; }
}
