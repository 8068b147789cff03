using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Points;

public class ExpiryTests
{
    [Theory]
    [InlineData(-1, 0, 100)]
    [InlineData(0, 100, 0)] // a lot expires at exactly earned + 365 days
    [InlineData(1, 100, 0)]
    public void Points_expire_365_days_after_they_were_earned(long ticksFromExpiry, long expired, long balance)
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Hour(9));

        var outcome = account.Expire(At.Hour(9).AddDays(365).AddTicks(ticksFromExpiry));

        Assert.Equal((expired, balance), (outcome.PointsExpired, outcome.Balance));
    }

    [Fact]
    public void An_expiry_is_reported_once_at_the_instant_the_points_expired()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Redeem("x-1", 30, At.Day(1));

        var first = account.Expire(At.Day(500));
        var second = account.Expire(At.Day(600));

        Assert.Equal([new PointMovement(PointMovementKind.Expire, -70, 0, At.Day(365), "o-1")], first.Movements);
        Assert.Equal(70, first.PointsExpired);
        Assert.Equal(0, second.PointsExpired);
        Assert.Empty(second.Movements);
    }

    [Fact]
    public void Lots_expire_independently_in_expiry_order()
    {
        var account = Accounts.New();
        account.Buy("o-2", 20m, At.Day(10));
        account.Buy("o-1", 10m, At.Day(0));
        account.Buy("o-3", 30m, At.Day(20));

        var outcome = account.Expire(At.Day(375));

        Assert.Equal(
            [
                new PointMovement(PointMovementKind.Expire, -10, 50, At.Day(365), "o-1"),
                new PointMovement(PointMovementKind.Expire, -20, 30, At.Day(375), "o-2"),
            ],
            outcome.Movements);
    }

    [Fact]
    public void A_lifetime_of_0_means_points_never_expire()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.PointsLifetimeDays = 0));
        account.Buy("o-1", 100m, At.Day(0));

        var outcome = account.Expire(At.Day(365 * 100));

        Assert.Equal(0, outcome.PointsExpired);
        Assert.Equal(100, account.Balance);
        Assert.Null(Assert.Single(account.State.Lots).ExpiresAt);
        Assert.Empty(account.Snapshot(At.Day(1)).Expiring);
    }

    [Fact]
    public void A_configured_lifetime_is_used()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.PointsLifetimeDays = 30));
        account.Buy("o-1", 100m, At.Day(0));

        Assert.Equal(0, account.Expire(At.Day(30).AddTicks(-1)).PointsExpired);
        Assert.Equal(100, account.Expire(At.Day(30)).PointsExpired);
    }

    [Fact]
    public void A_read_never_shows_expired_points_even_before_expiry_ran()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 10m, At.Day(100));

        var snapshot = account.Snapshot(At.Day(365));

        Assert.Equal(10, snapshot.Balance);
        Assert.Equal([new ExpiringPoints(10, At.Day(465))], snapshot.Expiring);
        Assert.Equal(110, account.Balance); // nothing was changed by reading
    }

    [Fact]
    public void Expiring_points_are_grouped_by_utc_day_with_the_earliest_instant_ascending()
    {
        var account = Accounts.New();
        account.Buy("late-in-day", 50m, At.Hour(18));
        account.Buy("early-in-day", 100m, At.Hour(10));
        account.Buy("days-later", 20m, At.Day(3));
        account.Buy("before-all", 5m, At.Hour(-1)); // the previous UTC day

        var expiring = account.Snapshot(At.Day(4)).Expiring;

        Assert.Equal(
            [
                new ExpiringPoints(5, At.Hour(-1).AddDays(365)),
                new ExpiringPoints(150, At.Hour(10).AddDays(365)),
                new ExpiringPoints(20, At.Day(368)),
            ],
            expiring);
    }
}
