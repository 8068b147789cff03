using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Points;

public class RedemptionTests
{
    [Theory]
    [InlineData(1, RedemptionStatus.Redeemed, 179)]
    [InlineData(180, RedemptionStatus.Redeemed, 0)]
    [InlineData(181, RedemptionStatus.InsufficientPoints, 180)]
    [InlineData(1_000, RedemptionStatus.InsufficientPoints, 180)]
    public void A_redemption_is_refused_when_the_balance_is_smaller(long points, RedemptionStatus expected, long balance)
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 80m, At.Day(1));

        var outcome = account.Redeem("x-1", points, At.Day(2));

        Assert.Equal((expected, balance), (outcome.Status, outcome.Balance));
        Assert.Equal(balance, account.Balance);
    }

    [Fact]
    public void The_oldest_points_are_spent_first_even_when_they_arrived_last()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 50m, At.Day(10));
        account.Buy("o-3", 30m, At.Day(5)); // arrives last, earned second

        account.Redeem("x-1", 110, At.Day(20));

        Assert.Equal([("o-3", 20L), ("o-2", 50L)], account.State.Lots.Select(l => (l.ReferenceId, l.Remaining)));
    }

    [Theory]
    [InlineData(-1, RedemptionStatus.Redeemed)] // the last tick before expiry: still spendable
    [InlineData(0, RedemptionStatus.InsufficientPoints)] // at the expiry instant: gone
    public void Points_expired_by_now_cannot_be_redeemed(long ticksFromExpiry, RedemptionStatus expected)
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));

        var outcome = account.Redeem("x-1", 50, At.Day(365).AddTicks(ticksFromExpiry));

        Assert.Equal(expected, outcome.Status);
        Assert.Equal(expected == RedemptionStatus.Redeemed ? 0 : 1, outcome.Movements.Count(m => m.Kind == PointMovementKind.Expire));
    }

    [Fact]
    public void A_redemption_is_one_movement_whatever_lots_it_spans()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 100m, At.Day(1));

        var outcome = account.Redeem("x-1", 150, At.Day(2));

        Assert.Equal([new PointMovement(PointMovementKind.Redeem, -150, 50, At.Day(2), "x-1")], outcome.Movements);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Redeeming_nothing_is_a_programming_error(long points) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Accounts.New().Redeem("x-1", points, At.Day(0)));
}
