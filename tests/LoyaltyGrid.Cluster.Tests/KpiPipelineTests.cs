using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Grains.Visits;

namespace LoyaltyGrid.Cluster.Tests;

public sealed class KpiPipelineTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Purchases_reach_every_scope_once_through_the_kpi_projection()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await fixture.Grains.GetGrain<ISessionGrain>("shop-1/s-1").RecordVisit(new VisitCommand("shop-1", "s-1", null, "DE", at));
        await fixture.Grains.GetGrain<ISessionGrain>("shop-1/s-2").RecordVisit(new VisitCommand("shop-1", "s-2", null, "DE", at));
        await fixture.Grains.GetGrain<ICustomerGrain>("k-1").Purchase(new PurchaseCommand("shop-1", "o-1", 50m, "USD", "DE", at, "s-1", null));
        await fixture.Grains.GetGrain<ICustomerGrain>("k-1").Purchase(new PurchaseCommand("shop-1", "o-2", 30m, "USD", "DE", at, null, null));
        await fixture.Grains.GetGrain<ICustomerGrain>("k-2").Purchase(new PurchaseCommand("shop-2", "o-1", 20m, "EUR", "FR", at, null, null));

        var grid = await EventuallyAsync(KpiScope.Grid, snapshot => snapshot.AllTime.Orders == 3 && snapshot.AllTime.ConvertedSessions == 1);
        var shop1 = await EventuallyAsync(KpiScope.Storefront("shop-1"), snapshot => snapshot.AllTime.Orders == 2);
        var france = await EventuallyAsync(KpiScope.Market("FR"), snapshot => snapshot.AllTime.Orders == 1);

        Assert.Equal(2, grid.AllTime.Buyers);
        Assert.Equal(101.60m, grid.AllTime.GrossRevenue);
        Assert.Equal(2, grid.AllTime.Visits);
        Assert.Equal(0.5m, grid.AllTime.ConversionRate);
        Assert.Equal(0.5m, grid.RepeatPurchaseRate);
        Assert.Equal(3, grid.Live.Last5m.Orders);
        Assert.Equal(2, grid.Lifecycle.Values.Sum());
        Assert.Equal(80m, shop1.AllTime.GrossRevenue);
        Assert.Equal(1, shop1.AllTime.Buyers);
        Assert.Equal(21.60m, france.AllTime.GrossRevenue);
        Assert.Equal(50 + 30 + 21, grid.PointsOutstanding);
    }

    private async Task<KpiSnapshot> EventuallyAsync(KpiScope scope, Func<KpiSnapshot, bool> settled)
    {
        var grain = fixture.Grains.GetGrain<IKpiScopeGrain>(scope.Key);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var snapshot = await grain.Snapshot();
        while (!settled(snapshot) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            snapshot = await grain.Snapshot();
        }

        return snapshot;
    }
}
