using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Customers;

public class PurchaseTests
{
    [Theory]
    [InlineData("0", "100", 100, Tier.Member)]
    [InlineData("499.99", "100", 100, Tier.Member)]
    [InlineData("500", "100", 125, Tier.Silver)]
    [InlineData("500", "99.99", 124, Tier.Silver)]
    [InlineData("1999.99", "10.01", 12, Tier.Silver)] // 12.5125
    [InlineData("2000", "99.99", 149, Tier.Gold)]
    [InlineData("4999.99", "10.01", 15, Tier.Gold)]
    [InlineData("5000", "10.01", 20, Tier.Platinum)]
    [InlineData("5000", "0.49", 0, Tier.Platinum)]
    public void Earns_the_floor_of_amount_times_the_multiplier_of_the_tier_before_it(
        string priorSpend, string amount, long expectedPoints, Tier expectedTier)
    {
        var account = Accounts.New();
        if (Parse.Money(priorSpend) > 0)
        {
            account.Buy("earlier", Parse.Money(priorSpend), At.Day(0));
        }

        var outcome = account.Buy("o-1", Parse.Money(amount), At.Day(10));

        Assert.Equal(PurchaseStatus.Accepted, outcome.Status);
        Assert.Equal(expectedPoints, outcome.PointsEarned);
        Assert.Equal(expectedTier, outcome.EarningTier);
    }

    [Fact]
    public void The_api_example_earns_64_points_for_59_90_euros()
    {
        var account = Accounts.New();

        var outcome = account.Purchase("A-1001", 59.90m, "EUR", 64.69m, At.Day(0));

        Assert.Equal(64, outcome.PointsEarned);
        Assert.Equal(64, outcome.Balance);
        Assert.Equal(64.69m, account.NetSpend);
    }

    [Fact]
    public void The_purchase_itself_does_not_lift_its_own_multiplier()
    {
        var account = Accounts.New();

        var big = account.Buy("big", 10_000m, At.Day(0));
        var sameInstant = account.Buy("same-instant", 100m, At.Day(0));
        var later = account.Buy("later", 100m, At.Day(0).AddTicks(1));

        Assert.Equal((10_000, Tier.Member), (big.PointsEarned, big.EarningTier));
        Assert.Equal((100, Tier.Member), (sameInstant.PointsEarned, sameInstant.EarningTier));
        Assert.Equal((200, Tier.Platinum), (later.PointsEarned, later.EarningTier));
    }

    [Theory]
    [InlineData(0, Tier.Silver)] // the earlier purchase exactly 365 days before: inside
    [InlineData(1, Tier.Member)] // one tick later: aged out
    public void Spend_exactly_365_days_old_still_counts(long ticksAfterAYear, Tier expected)
    {
        var account = Accounts.New();
        account.Buy("o-1", 600m, At.Day(0));

        var outcome = account.Buy("o-2", 100m, At.Day(365).AddTicks(ticksAfterAYear));

        Assert.Equal(expected, outcome.EarningTier);
    }

    [Fact]
    public void An_earlier_purchase_arriving_late_is_judged_without_the_later_ones()
    {
        var account = Accounts.New();
        account.Buy("later", 600m, At.Day(20));

        var earlier = account.Buy("earlier", 100m, At.Day(10));
        var latest = account.Buy("latest", 100m, At.Day(30));

        Assert.Equal((100, Tier.Member), (earlier.PointsEarned, earlier.EarningTier));
        Assert.Equal((125, Tier.Silver), (latest.PointsEarned, latest.EarningTier));
    }

    [Fact]
    public void A_late_arrival_does_not_revisit_points_already_earned()
    {
        var account = Accounts.New();
        var later = account.Buy("later", 100m, At.Day(20));

        account.Buy("earlier", 600m, At.Day(10));

        Assert.Equal(100, later.PointsEarned);
        Assert.Equal(100, account.State.Orders["later"].PointsEarned);
        Assert.Equal(700, account.Balance);
        Assert.Equal(Tier.Silver, account.TierAsOf(At.Day(21)));
    }

    [Fact]
    public void The_same_order_id_twice_is_a_conflict_that_changes_nothing()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));

        var again = account.Buy("o-1", 50m, At.Day(1));

        Assert.Equal(PurchaseStatus.DuplicateOrder, again.Status);
        Assert.Equal(100, again.Balance);
        Assert.Equal(1, account.OrderCount);
        Assert.Equal(100m, account.NetSpend);
        Assert.Empty(again.Movements);
    }

    [Fact]
    public void The_first_purchase_is_flagged_and_an_earlier_late_one_reports_what_it_displaced()
    {
        var account = Accounts.New();

        var first = account.Buy("o-1", 10m, At.Day(20));
        var second = account.Buy("o-2", 10m, At.Day(30));
        var earlierThanAll = account.Buy("o-0", 10m, At.Day(10));

        Assert.True(first.IsFirstPurchase);
        Assert.Null(first.PreviousFirstPurchaseAt);
        Assert.False(second.IsFirstPurchase);
        Assert.Equal(At.Day(20), second.PreviousFirstPurchaseAt);
        Assert.False(earlierThanAll.IsFirstPurchase);
        Assert.Equal(At.Day(20), earlierThanAll.PreviousFirstPurchaseAt);
        Assert.Equal(At.Day(10), account.FirstPurchaseAt);
        Assert.Equal(At.Day(30), account.LastPurchaseAt);
    }

    [Fact]
    public void Points_are_a_lot_that_expires_a_lifetime_after_the_purchase()
    {
        var account = Accounts.New();

        var outcome = account.Buy("o-1", 100m, At.Hour(10));

        var lot = Assert.Single(account.State.Lots);
        Assert.Equal((PointMovementKind.Earn, "o-1", 100L, 100L), (lot.Source, lot.ReferenceId, lot.Points, lot.Remaining));
        Assert.Equal(At.Hour(10).AddDays(365), lot.ExpiresAt);
        Assert.Equal([new PointMovement(PointMovementKind.Earn, 100, 100, At.Hour(10), "o-1")], outcome.Movements);
    }

    [Fact]
    public void A_purchase_worth_no_points_is_still_an_order()
    {
        var account = Accounts.New();

        var outcome = account.Purchase("tiny", 1m, "JPY", 0.01m, At.Day(0));

        Assert.Equal(0, outcome.PointsEarned);
        Assert.Empty(outcome.Movements);
        Assert.Empty(account.State.Lots);
        Assert.Equal(1, account.OrderCount);
    }

    [Fact]
    public void Points_that_expired_by_the_purchase_time_are_expired_first()
    {
        var account = Accounts.New();
        account.Buy("old", 100m, At.Day(0));

        var outcome = account.Buy("new", 10m, At.Day(400));

        Assert.Equal(
            [
                new PointMovement(PointMovementKind.Expire, -100, 0, At.Day(365), "old"),
                new PointMovement(PointMovementKind.Earn, 10, 10, At.Day(400), "new"),
            ],
            outcome.Movements);
        Assert.Equal(10, outcome.Balance);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_non_positive_amount_is_a_programming_error(string amount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Accounts.New().Buy("o-1", Parse.Money(amount), At.Day(0)));
}
