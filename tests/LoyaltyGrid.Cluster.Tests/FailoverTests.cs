using LoyaltyGrid.Grains.Customers;

namespace LoyaltyGrid.Cluster.Tests;

public sealed class FailoverTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task When_the_silo_holding_a_grain_is_killed_the_grain_answers_from_the_other_with_its_state()
    {
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM cluster_silo WHERE status = 3"));
        var occurredAt = DateTimeOffset.UtcNow.AddHours(-1);
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("survivor");
        await customer.Purchase(new PurchaseCommand("store-a", "before-the-crash", 20m, "USD", "DE", occurredAt, null, null));
        var hostBefore = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(customer);
        var victim = fixture.Cluster.Silos.Single(silo => silo.SiloAddress.Equals(hostBefore));

        await fixture.Cluster.KillSiloAsync(victim);

        // Its state is its journal stream: whichever silo activates it next reads the same events.
        var view = await RetryUntilAnsweredAsync(customer.Get, TimeSpan.FromSeconds(60));
        Assert.Equal(1, view!.Orders);
        Assert.Equal(20, view.Balance);
        Assert.NotEqual(hostBefore, await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(customer));
        await customer.Purchase(new PurchaseCommand("store-a", "after-the-crash", 10m, "USD", "DE", occurredAt, null, null));
        Assert.Equal(2, (await customer.Get())!.Orders);
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM cluster_silo WHERE status = 3"));
    }

    /// <summary>Calls until a grain answers: a dead silo's grains are placed again on a survivor. Shared with the delivery failover tests.</summary>
    internal static async Task<T> RetryUntilAnsweredAsync<T>(Func<Task<T>> call, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The dead silo's directory entries and calls in flight fail until membership declares it dead.
                await Task.Delay(250);
            }
        }
    }
}
