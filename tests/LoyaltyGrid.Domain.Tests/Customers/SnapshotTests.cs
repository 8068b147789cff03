using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Customers;

public class SnapshotTests
{
    [Fact]
    public void A_new_account_is_an_empty_prospect()
    {
        var snapshot = Accounts.New("c-42").Snapshot(At.Day(0));

        Assert.Equal("c-42", snapshot.CustomerId);
        Assert.Equal((0L, Tier.Member, 0L, 0, 0m), (snapshot.Balance, snapshot.Tier, snapshot.LifetimePoints, snapshot.Orders, snapshot.NetSpend));
        Assert.Equal(LifecycleStage.Prospect, snapshot.Lifecycle);
        Assert.Null(snapshot.FirstPurchaseAt);
        Assert.Empty(snapshot.Expiring);
    }

    [Fact]
    public void Lifetime_points_count_every_point_earned_before_anything_took_them_away()
    {
        var account = Accounts.New("c-1");
        account.Buy("o-1", 100m, At.Day(0));
        account.Review("rv-1", "o-1", 5, At.Day(1));
        account.AwardReferral("friend", At.Day(2));
        account.Redeem("x-1", 30, At.Day(3));
        account.Refund("r-1", "o-1", 100m, At.Day(4));
        account.Expire(At.Day(1_000));

        var snapshot = account.Snapshot(At.Day(1_000));

        Assert.Equal(350, snapshot.LifetimePoints);
        Assert.Equal(0, snapshot.Balance);
    }

    [Fact]
    public void The_read_reports_spend_orders_purchase_dates_and_complaints()
    {
        var account = Accounts.New();
        account.Purchase("o-1", 59.90m, "EUR", 64.69m, At.Day(0));
        account.Buy("o-2", 500m, At.Day(10));
        account.Refund("r-1", "o-2", 100m, At.Day(11));
        account.OpenComplaint("cp-1", "o-2", ComplaintCategory.Quality, At.Day(12));

        var snapshot = account.Snapshot(At.Day(20));

        Assert.Equal(2, snapshot.Orders);
        Assert.Equal(464.69m, snapshot.NetSpend);
        Assert.Equal((At.Day(0), At.Day(10)), (snapshot.FirstPurchaseAt, snapshot.LastPurchaseAt));
        Assert.Equal(1, snapshot.OpenComplaints);
        Assert.Equal(LifecycleStage.Repeat, snapshot.Lifecycle);
        Assert.Equal(464, snapshot.Balance); // 64 + 500 − 100
    }

    [Theory]
    [InlineData(0, 0, Tier.Member)] // the purchase's own instant: not yet counted
    [InlineData(30, 0, Tier.Silver)]
    [InlineData(365, 0, Tier.Silver)]
    [InlineData(365, 1, Tier.Member)]
    public void The_tier_on_reads_is_as_of_server_time_and_falls_as_spend_ages_out(int readDay, long ticks, Tier expected)
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.PointsLifetimeDays = 0));
        account.Buy("o-1", 600m, At.Day(0));

        Assert.Equal(expected, account.Snapshot(At.Day(readDay).AddTicks(ticks)).Tier);
    }

    [Theory]
    [InlineData(1, 180, 0, LifecycleStage.New)]
    [InlineData(1, 180, 1, LifecycleStage.Lapsed)]
    [InlineData(2, 90, 0, LifecycleStage.Repeat)]
    [InlineData(2, 90, 1, LifecycleStage.AtRisk)]
    [InlineData(2, 180, 0, LifecycleStage.AtRisk)]
    [InlineData(2, 180, 1, LifecycleStage.Lapsed)]
    public void The_lifecycle_on_reads_uses_the_last_purchase(int purchases, int days, long ticks, LifecycleStage expected)
    {
        var account = Accounts.New();
        for (var i = 0; i < purchases; i++)
        {
            account.Buy($"o-{i}", 10m, At.Day(-i)); // the latest is at day 0
        }

        Assert.Equal(expected, account.Snapshot(At.Day(days).AddTicks(ticks)).Lifecycle);
    }

    [Fact]
    public void A_full_refund_does_not_undo_the_purchase_for_lifecycle_or_order_count()
    {
        var account = Accounts.New();
        account.Buy("o-1", 10m, At.Day(0));
        account.Refund("r-1", "o-1", 10m, At.Day(1));

        var snapshot = account.Snapshot(At.Day(2));

        Assert.Equal((1, LifecycleStage.New, 0m), (snapshot.Orders, snapshot.Lifecycle, snapshot.NetSpend));
    }
}
