using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Server.Alerts;
using LoyaltyGrid.Server.Api;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Insight;
using LoyaltyGrid.Server.Prediction;
using LoyaltyGrid.Silo.Alerts;

namespace LoyaltyGrid.Server.Kpis;

public static class KpiEndpoints
{
    public static IServiceCollection AddLoyaltyGridKpis(this IServiceCollection services)
    {
        services.AddSingleton<KpiWatchers>();
        services.AddHostedService<KpiBroadcaster>();
        services.AddSingleton<KpiMarkets>();
        services.AddHostedService<KpiMarketBroadcaster>();
        services.AddSingleton<InsightReports>();
        services.AddHostedService<WallInsightBroadcaster>();
        // The wall gets the numbers the API gives (KpiNumbers).
        services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolver = json.PayloadSerializerOptions.TypeInfoResolver.WithKpiRounding());
        return services;
    }

    /// <summary><c>GET /api/v1/kpis?storefront=&amp;market=</c> and the hub that feeds the wall.</summary>
    public static IEndpointRouteBuilder MapLoyaltyGridKpis(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/kpis", GetSnapshot)
            .RequireAuthorization(AuthPolicies.Ops)
            .RequireRateLimiting(ApiRateLimiting.PerCredential)
            .AcceptsOnlyQueryParameters("storefront", "market")
            .WithName("GetKpis")
            .WithSummary("The KPI snapshot of kpis.md for the grid, a storefront, a market, or a storefront × market.");
        endpoints.MapHub<KpiHub>(KpiHub.Path);
        var watchers = endpoints.ServiceProvider.GetRequiredService<KpiWatchers>();
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(watchers.DisconnectAll);
        return endpoints;
    }

    private static async Task<IResult> GetSnapshot(string? storefront, string? market, IGrainFactory grains, FiringAlerts firing)
    {
        if (!string.IsNullOrEmpty(storefront) && !Ids.IsValid(storefront))
        {
            return ApiProblems.Validation("storefront", "must be 1–128 characters of A–Z, a–z, 0–9, '.', '_', ':', '-'");
        }

        if (!string.IsNullOrEmpty(market) && !CountryCodes.IsAssigned(market))
        {
            return ApiProblems.Validation("market", "must be an ISO 3166-1 alpha-2 country code");
        }

        var scope = KpiScope.Of(storefront, market);
        var snapshot = await grains.GetGrain<IKpiScopeGrain>(scope.Key).Snapshot();
        return TypedResults.Ok((await snapshot.WithRepurchaseForecastAsync(grains)).WithAlerts(firing));
    }

    /// <summary>Whether a wall's scope filter names something a scope can be made of; empty means "all".</summary>
    internal static bool IsValidFilter(string? storefront, string? market) =>
        (string.IsNullOrEmpty(storefront) || Ids.IsValid(storefront)) && (string.IsNullOrEmpty(market) || CountryCodes.IsAssigned(market));
}
