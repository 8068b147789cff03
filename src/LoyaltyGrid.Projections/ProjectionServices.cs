using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Journal.Due;
using LoyaltyGrid.Journal.Projections;
using LoyaltyGrid.Projections.Delivery;
using LoyaltyGrid.Projections.Insight;
using LoyaltyGrid.Projections.Kpis;
using LoyaltyGrid.Projections.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyaltyGrid.Projections;

public static class ProjectionServices
{
    /// <summary>Every projection of the journal, the KPI reads of the KPI projection's output, and the waker of due customers.</summary>
    public static IServiceCollection AddLoyaltyGridProjections(this IServiceCollection services)
    {
        services.AddSingleton<IProjection, KpiProjection>();
        services.AddSingleton<IProjection, SessionConversionProjection>();
        services.AddSingleton<IProjection, ReferralAwardProjection>();
        services.AddSingleton<IProjection, AttributionProjection>();
        services.TryAddSingleton<AttributionStore>();
        services.TryAddSingleton<IKpiScopeStore, PostgresKpiScopeStore>();
        services.TryAddSingleton<IDueStreamWaker, CustomerWaker>();
        return services;
    }
}
