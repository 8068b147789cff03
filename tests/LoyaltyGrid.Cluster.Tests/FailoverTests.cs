namespace LoyaltyGrid.Cluster.Tests;

public sealed class FailoverTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task When_the_silo_holding_a_grain_is_killed_the_grain_answers_from_the_other_with_its_state()
    {
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM cluster_silo WHERE status = 3"));
        var grain = fixture.Grains.GetGrain<IProbeGrain>("survivor");
        await grain.Record("before the crash");
        var hostBefore = await grain.HostingSilo();
        var victim = fixture.Cluster.Silos.Single(silo => silo.SiloAddress.ToString() == hostBefore);

        await fixture.Cluster.KillSiloAsync(victim);

        var state = await RetryUntilAnsweredAsync(grain.Read, TimeSpan.FromSeconds(60));
        Assert.Equal(["before the crash"], state.Notes);
        Assert.NotEqual(hostBefore, await grain.HostingSilo());
        await grain.Record("after the crash");
        Assert.Equal(["before the crash", "after the crash"], (await grain.Read()).Notes);
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
