using System.Text;
using System.Text.Encodings.Web;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// The Orleans dashboard under <c>/dashboard</c>, for the ops credential only. A browser cannot
/// add an <c>X-Api-Key</c> header when it navigates, so the dashboard also takes HTTP Basic
/// authentication with the ops key as the password (any user name): the browser asks once, then
/// sends it with the page and every call the page makes. Tools may send <c>X-Api-Key</c> as
/// everywhere else. No cookie, so nothing else needs to be kept in sync between servers, and no
/// other path ever accepts Basic.
/// </summary>
public static class DashboardAccess
{
    public const string Path = "/dashboard";
    public const string Policy = "dashboard";

    /// <summary>The dashboard's grain state viewer; customer and session grains hold personal data.</summary>
    private const string GrainStateEndpoint = "/GrainState";

    public static IServiceCollection AddDashboardAccess(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DashboardAuthenticationHandler>(DashboardAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options => options.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(DashboardAuthenticationHandler.SchemeName)
            .RequireRole(Roles.Ops)));
        return services;
    }

    /// <summary>Every endpoint of the dashboard (page, assets and data) behind the ops policy.</summary>
    public static IEndpointConventionBuilder MapLoyaltyGridDashboard(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapOrleansDashboard(routePrefix: Path)
            .RequireAuthorization(Policy)
            .AddEndpointFilter(RefuseGrainState)
            .ExcludeFromDescription();

    // Ops may watch the cluster, not read customers: api.md gives customer data to storefronts
    // and the customer alone, and a grain's state is exactly that data.
    private static async ValueTask<object?> RefuseGrainState(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.Path.Value?.EndsWith(GrainStateEndpoint, StringComparison.OrdinalIgnoreCase) == true
            ? ApiProblems.Forbidden("Grain state can hold customers' personal data; the dashboard does not show it.")
            : await next(context);
}

/// <summary>
/// Authenticates dashboard requests by <c>X-Api-Key</c> or by <c>Authorization: Basic</c> whose
/// password is an API key. A refusal asks for Basic, so a browser shows its login prompt.
/// </summary>
public sealed class DashboardAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Dashboard";
    public const string Challenge = "Basic realm=\"LoyaltyGrid dashboard\", charset=\"UTF-8\"";

    private const string BasicPrefix = "Basic ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key;
        if (Request.Headers.TryGetValue(ApiKeyAuthenticationHandler.HeaderName, out var header))
        {
            key = header.Count == 1 ? header[0] : null;
        }
        else if (Request.Headers.Authorization is { Count: 1 } authorization
            && authorization[0] is { } value
            && value.StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase))
        {
            key = BasicPassword(value[BasicPrefix.Length..].Trim());
        }
        else
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.Fail("Send the ops key as the password of HTTP Basic authentication, or in one X-Api-Key header."));
        }

        return Task.FromResult(keys.Authenticate(key, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = Challenge;
        await ApiProblems.Unauthorized(result.Failure?.Message
            ?? "The dashboard needs the ops key: as the password of HTTP Basic authentication (any user name), or in the X-Api-Key header.")
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Forbidden("The dashboard is for the ops key only.").ExecuteAsync(Context);

    /// <summary>The password of a Basic credential (<c>base64(user:password)</c>); null when it is not one.</summary>
    internal static string? BasicPassword(string encoded)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
