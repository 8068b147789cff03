using System.Security.Cryptography;
using LoyaltyGrid.Server.Api.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Auth;

public static class AuthSetup
{
    /// <summary>The scheme every API request authenticates with; it picks the API key or the customer token.</summary>
    public const string Scheme = "LoyaltyGrid";

    /// <summary>
    /// API keys and customer tokens behind one scheme, and the role policies. The <c>Auth</c>
    /// section is validated at start-up, naming the bad key, so a misconfigured server never
    /// starts answering requests.
    /// </summary>
    public static IServiceCollection AddLoyaltyGridAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<AuthOptions>, DevelopmentSigningKey>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<CustomerTokens>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or customer token", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, CustomerTokenAuthenticationHandler>(CustomerTokenAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, StorefrontOrOwnCustomerHandler>();
        services.AddAuthorization(AuthPolicies.Add);
        return services;
    }

    // An API key, when sent, is the credential even if a bearer token comes along: a storefront
    // acting for a customer keeps its own rights. With neither, the API key scheme answers the
    // challenge, which names both ways in.
    // On hubs the only credential is an ops key, whichever way the SignalR client carries it.
    private static string SelectScheme(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal)
        && !context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
        && context.Request.Headers.Authorization.Count > 0
            ? CustomerTokenAuthenticationHandler.SchemeName
            : ApiKeyAuthenticationHandler.SchemeName;

    /// <summary>
    /// In Development without a configured signing key, tokens are signed with a key made for
    /// this process: they work until it restarts, and nobody has to configure a secret to try
    /// the API. Anywhere else the key is required (see <see cref="AuthOptionsValidator"/>).
    /// </summary>
    private sealed class DevelopmentSigningKey(IHostEnvironment environment, ILogger<DevelopmentSigningKey> logger) : IPostConfigureOptions<AuthOptions>
    {
        public void PostConfigure(string? name, AuthOptions options)
        {
            if (environment.IsDevelopment() && string.IsNullOrEmpty(options.TokenSigningKey))
            {
                options.TokenSigningKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
                logger.LogWarning("Auth:TokenSigningKey is not set: customer tokens are signed with a key made for this process and stop working when it restarts");
            }
        }
    }
}

/// <summary>Start-up checks of the <c>Auth</c> section; each problem names the key to fix.</summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    /// <summary>Shorter secrets are guessable; 32 characters of hex or base64 are 128+ bits.</summary>
    public const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(options.TokenSigningKey))
        {
            problems.Add($"Auth:TokenSigningKey must be set outside Development (environment '{environment.EnvironmentName}'); use at least {MinimumSecretLength} random characters.");
        }
        else if (options.TokenSigningKey.Length < MinimumSecretLength)
        {
            problems.Add($"Auth:TokenSigningKey must be at least {MinimumSecretLength} characters long.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero || options.TokenLifetime > TimeSpan.FromDays(30))
        {
            problems.Add($"Auth:TokenLifetime must be more than 0 and at most 30 days (it was {options.TokenLifetime}).");
        }

        // Development makes its own demo keys when none are configured (Program.cs); anywhere
        // else a server without a usable key would answer every request 401, which hides a
        // deployment mistake behind a healthy-looking process.
        if (!environment.IsDevelopment() && options.ApiKeys.All(key => key.Revoked))
        {
            problems.Add($"Auth:ApiKeys must hold at least one key that is not revoked outside Development (environment '{environment.EnvironmentName}').");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < options.ApiKeys.Count; index++)
        {
            var key = options.ApiKeys[index];
            var prefix = $"Auth:ApiKeys:{index}";
            if (string.IsNullOrEmpty(key.Key) || key.Key.Length < 16)
            {
                problems.Add($"{prefix}:Key must be at least 16 characters long.");
            }
            else if (!seen.Add(key.Key))
            {
                problems.Add($"{prefix}:Key is the same as an earlier key; every key must be unique.");
            }

            switch (key.Role)
            {
                case Roles.Storefront when !Ids.IsValid(key.Storefront):
                    problems.Add($"{prefix}:Storefront must be set for a storefront key: 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':', '-'.");
                    break;
                // Redemption ids are namespaced by storefront, or by this name for customers' own tokens.
                case Roles.Storefront when key.Storefront == Grains.Customers.RedemptionCommand.CustomerRequester:
                    problems.Add($"{prefix}:Storefront must not be '{key.Storefront}', the name reserved for customers' own redemptions.");
                    break;
                case Roles.Storefront:
                    break;
                case Roles.Ops when !string.IsNullOrEmpty(key.Storefront):
                    problems.Add($"{prefix}:Storefront must not be set for an ops key.");
                    break;
                case Roles.Ops:
                    break;
                default:
                    problems.Add($"{prefix}:Role must be '{Roles.Storefront}' or '{Roles.Ops}' (it was '{key.Role}').");
                    break;
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
