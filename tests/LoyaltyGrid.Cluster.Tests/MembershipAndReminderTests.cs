namespace LoyaltyGrid.Cluster.Tests;

/// <summary>Orleans' membership and reminders, on LoyaltyGrid's PostgreSQL schema.</summary>
public sealed class MembershipAndReminderTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Both_silos_are_active_members_in_the_postgres_membership_table()
    {
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM cluster_silo WHERE status = 3"));
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM cluster_membership(@cluster) WHERE \"Status\" = 3",
            ("cluster", fixture.Cluster.Options.ClusterId)));
    }

    [Fact]
    public async Task A_reminder_is_stored_in_postgres_fires_and_is_removed()
    {
        var grain = fixture.Grains.GetGrain<IProbeGrain>("ticker");
        await grain.StartTicking();

        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM reminder WHERE reminder_name = 'tick' AND grain_id LIKE '%ticker'"));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await grain.Ticks() < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(await grain.Ticks() >= 2, "the reminder fired twice within a minute");
        Assert.Equal(0L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM reminder WHERE reminder_name = 'tick' AND grain_id LIKE '%ticker'"));
    }
}
