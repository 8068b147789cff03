using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Auth;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the configured keys; on SignalR hubs also
/// the <c>access_token</c> a browser's SignalR client sends, since browsers cannot put custom
/// headers on WebSocket and EventSource requests.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : ProblemAuthenticationHandler(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string HubPathPrefix = "/hubs/";
    public const string HubTokenQueryName = "access_token";

    protected override string ChallengeAfterFailure => $"ApiKey header=\"{HeaderName}\", error=\"invalid_key\"";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) && !TryGetHubKey(Request, out values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.Fail($"Send exactly one non-empty {HeaderName} header."));
        }

        // The key itself is never logged or echoed; only which configured key matched.
        return Task.FromResult(keys.Authenticate(values[0]!, SchemeName));
    }

    /// <summary>The key a SignalR client sent as <c>access_token</c> (query) or bearer token, on hub paths only.</summary>
    public static bool TryGetHubKey(HttpRequest request, out Microsoft.Extensions.Primitives.StringValues key)
    {
        key = default;
        if (!request.Path.StartsWithSegments(HubPathPrefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            return false;
        }

        if (request.Query.TryGetValue(HubTokenQueryName, out key))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            key = authorization[bearer.Length..].Trim();
            return true;
        }

        return false;
    }
}
