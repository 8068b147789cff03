using System.Threading.RateLimiting;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Api;

/// <summary>
/// A token bucket per credential. It runs after authentication, so a key is limited by what it
/// is, not by where it calls from; requests without a valid credential share a bucket per client
/// address, so guessing keys is limited too.
/// </summary>
public static class ApiRateLimiting
{
    public const string PerCredential = "per-credential";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerCredential, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit.PermitsPerSecond;
                var partition = context.User.CredentialIdOf() ?? $"anonymous:{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = permits,
                    TokensPerPeriod = permits,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter =
                    ApiProblems.RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.RateLimited(retryAfter).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
