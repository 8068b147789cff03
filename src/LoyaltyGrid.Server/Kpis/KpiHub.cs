using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Server.Alerts;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Insight;
using LoyaltyGrid.Server.Prediction;
using LoyaltyGrid.Silo.Alerts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>
/// The KPI wall's feed (<c>/hubs/kpi</c>, ops credential). A connection watches one scope at a
/// time; <see cref="KpiBroadcaster"/> pushes that scope's snapshot as <c>snapshot</c> whenever
/// it changes, <see cref="KpiMarketBroadcaster"/> pushes the markets' last 60 minutes as
/// <c>markets</c> for the wall's world map, and <see cref="WallInsightBroadcaster"/> the scope's
/// channels and experiments as <c>insight</c>.
/// </summary>
[Authorize(Policy = AuthPolicies.Ops)]
public sealed class KpiHub(KpiWatchers watchers, IGrainFactory grains, KpiMarkets markets, InsightReports insight, FiringAlerts firing) : Hub
{
    public const string Path = "/hubs/kpi";
    public const string SnapshotMessage = "snapshot";
    public const string MarketsMessage = "markets";
    public const string InsightMessage = "insight";

    /// <summary>Switches this connection to a scope (both empty: the whole grid) and returns its snapshot now.</summary>
    public async Task<KpiSnapshot> Watch(string? storefront, string? market)
    {
        (storefront, market) = (Normalize(storefront), Normalize(market)?.ToUpperInvariant());
        if (!KpiEndpoints.IsValidFilter(storefront, market))
        {
            throw new HubException("storefront must be a LoyaltyGrid id and market an ISO 3166-1 alpha-2 code.");
        }

        var scope = KpiScope.Of(storefront, market);
        var previous = watchers.Watch(Context.ConnectionId, scope.Key);
        if (previous is not null && previous != scope.Key)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, previous);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, scope.Key);
        var snapshot = await grains.GetGrain<IKpiScopeGrain>(scope.Key).Snapshot();
        return (await snapshot.WithRepurchaseForecastAsync(grains)).WithAlerts(firing);
    }

    /// <summary>The markets' orders and revenue of the last 60 minutes now, so a wall need not wait for the next push.</summary>
    public Task<KpiMarketsSnapshot> Markets() => markets.ReadAsync(Context.ConnectionAborted);

    /// <summary>The watched scope's channels and experiments now (the whole grid's before any Watch), so a wall need not wait for the next push.</summary>
    public Task<WallInsight> Insight() =>
        insight.WallAsync(watchers.ScopeOf(Context.ConnectionId) ?? KpiScope.Of(null, null).Key, Context.ConnectionAborted);

    public override Task OnConnectedAsync()
    {
        if (!watchers.Connect(Context))
        {
            Context.Abort();
        }

        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private static string? Normalize(string? filter) => string.IsNullOrWhiteSpace(filter) ? null : filter.Trim();
}
