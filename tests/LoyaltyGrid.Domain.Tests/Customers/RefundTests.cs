using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Customers;

public class RefundTests
{
    // Member tier throughout, so an order earns floor(amount) points.
    [Theory]
    [InlineData("100.00", "100.00", "100")]
    [InlineData("100.00", "50,50", "50,50")]
    [InlineData("100.00", "33.33,33.33,33.34", "33,33,34")]
    [InlineData("100.00", "0.01,99.98,0.01", "0,99,1")]
    [InlineData("100.00", "10,20,30,40", "10,20,30,40")]
    [InlineData("99.99", "33.33,33.33,33.33", "33,33,33")]
    [InlineData("10.00", "3.33,3.33,3.34", "3,3,4")]
    [InlineData("7.00", "2.33,2.33,2.34", "2,2,3")]
    [InlineData("7.00", "1,1,1,1,1,1,1", "1,1,1,1,1,1,1")]
    [InlineData("0.99", "0.33,0.33,0.33", "0,0,0")]
    public void Partial_refunds_reverse_exactly_what_the_order_earned(string orderAmount, string parts, string expected)
    {
        var account = Accounts.New();
        var order = account.Buy("o-1", Parse.Money(orderAmount), At.Day(0));

        var reversed = Parse.MoneyList(parts)
            .Select((part, i) => account.Refund($"r-{i}", "o-1", part, At.Day(1 + i)))
            .Select(outcome => outcome.PointsReversed)
            .ToArray();

        Assert.Equal(Parse.PointsList(expected), reversed);
        Assert.Equal(order.PointsEarned, reversed.Sum());
        Assert.Equal(0, account.Balance);
        Assert.Equal(0m, account.NetSpend);
        Assert.Equal(0m, account.State.Orders["o-1"].RefundableAmount);
    }

    [Theory]
    [InlineData("33.33,33.33,33.33", "49,50,50")] // 149 × ⅓ = 49.67, × ⅔ = 99.33, × 1
    [InlineData("99.98,0.01", "148,1")]
    [InlineData("0.01,0.01,99.97", "0,0,149")]
    public void Splits_of_a_gold_order_also_sum_to_its_points(string parts, string expected)
    {
        var account = Accounts.New();
        account.Buy("history", 2_000m, At.Day(0));
        var order = account.Buy("o-1", 99.99m, At.Day(10));
        Assert.Equal((149, Tier.Gold), (order.PointsEarned, order.EarningTier));

        var reversed = Parse.MoneyList(parts)
            .Select((part, i) => account.Refund($"r-{i}", "o-1", part, At.Day(11 + i)).PointsReversed)
            .ToArray();

        Assert.Equal(Parse.PointsList(expected), reversed);
        Assert.Equal(2_000, account.Balance);
    }

    [Fact]
    public void Refunds_are_in_the_orders_currency_and_convert_proportionally_to_its_fixed_amount()
    {
        var account = Accounts.New();
        account.Purchase("A-1001", 59.90m, "EUR", 64.69m, At.Day(0));

        var outcomes = new[] { 19.97m, 19.97m, 19.96m }
            .Select((part, i) => account.Refund($"r-{i}", "A-1001", part, At.Day(1 + i)))
            .ToList();

        // 64.69 × 19.97 / 59.90 = 21.567…; the last part takes whatever makes the total exact.
        Assert.Equal(21.57m, outcomes[0].ReportingAmount);
        Assert.Equal(64.69m, outcomes.Sum(o => o.ReportingAmount));
        Assert.Equal(64, outcomes.Sum(o => o.PointsReversed));
        Assert.Equal(0m, account.NetSpend);
    }

    [Theory]
    [InlineData("", "100.01", RefundStatus.ExceedsRefundable, "100")]
    [InlineData("", "100", RefundStatus.Accepted, "0")]
    [InlineData("60", "40.01", RefundStatus.ExceedsRefundable, "40")]
    [InlineData("60", "40", RefundStatus.Accepted, "0")]
    [InlineData("60,40", "0.01", RefundStatus.ExceedsRefundable, "0")]
    [InlineData("99.99", "0.01", RefundStatus.Accepted, "0")]
    public void A_refund_may_not_exceed_what_is_left_of_the_order(
        string earlierParts, string attempt, RefundStatus expected, string remaining)
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        var parts = earlierParts.Length == 0 ? [] : Parse.MoneyList(earlierParts);
        for (var i = 0; i < parts.Length; i++)
        {
            Assert.Equal(RefundStatus.Accepted, account.Refund($"r-{i}", "o-1", parts[i], At.Day(1)).Status);
        }

        var balanceBefore = account.Balance;
        var outcome = account.Refund("attempt", "o-1", Parse.Money(attempt), At.Day(2));

        Assert.Equal(expected, outcome.Status);
        Assert.Equal(Parse.Money(remaining), outcome.RemainingRefundable);
        if (expected != RefundStatus.Accepted)
        {
            Assert.Equal(balanceBefore, account.Balance);
            Assert.Equal(0, outcome.PointsReversed);
        }
    }

    [Fact]
    public void A_refund_of_an_unknown_order_is_not_found()
    {
        var account = Accounts.New();

        var outcome = account.Refund("r-1", "nope", 10m, At.Day(0));

        Assert.Equal(RefundStatus.UnknownOrder, outcome.Status);
    }

    [Fact]
    public void The_same_refund_id_twice_is_a_conflict_even_on_another_order()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 100m, At.Day(0));
        account.Refund("r-1", "o-1", 10m, At.Day(1));

        var outcome = account.Refund("r-1", "o-2", 10m, At.Day(1));

        Assert.Equal(RefundStatus.DuplicateRefund, outcome.Status);
        Assert.Equal(100m, account.State.Orders["o-2"].RefundableAmount);
    }

    [Theory]
    [InlineData(0, "100", 100, 0, 0)]
    [InlineData(80, "100", 20, 80, 0)]
    [InlineData(80, "50", 20, 30, 0)]
    [InlineData(30, "50", 50, 0, 20)]
    [InlineData(100, "100", 0, 100, 0)]
    public void A_reversal_larger_than_the_balance_empties_it_and_records_the_shortfall(
        long redeemed, string refund, long expectedReversed, long expectedShortfall, long expectedBalance)
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        if (redeemed > 0)
        {
            account.Redeem("x-1", redeemed, At.Day(1));
        }

        var outcome = account.Refund("r-1", "o-1", Parse.Money(refund), At.Day(2));

        Assert.Equal(
            (expectedReversed, expectedShortfall, expectedBalance),
            (outcome.PointsReversed, outcome.Shortfall, outcome.Balance));
        Assert.Equal(expectedShortfall, account.State.ReversalShortfall);
        Assert.Equal(expectedReversed == 0 ? 0 : 1, outcome.Movements.Count(m => m.Kind == PointMovementKind.Reverse));
    }

    [Fact]
    public void A_shortfall_still_counts_as_reversed_for_later_refunds_of_the_order()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Redeem("x-1", 100, At.Day(1));
        account.Refund("r-1", "o-1", 50m, At.Day(2)); // owes 50, all shortfall
        account.Buy("o-2", 100m, At.Day(3));

        var outcome = account.Refund("r-2", "o-1", 50m, At.Day(4));

        Assert.Equal((50, 0), (outcome.PointsReversed, outcome.Shortfall));
        Assert.Equal(50, account.Balance);
    }

    [Fact]
    public void A_reversal_takes_the_orders_own_lot_first_then_the_oldest()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 50m, At.Day(1));
        account.Buy("o-3", 40m, At.Day(2));
        account.Redeem("x-1", 120, At.Day(3)); // o-1 spent, o-2 down to 30

        account.Refund("r-3", "o-3", 40m, At.Day(4));
        Assert.Equal([("o-2", 30L)], account.State.Lots.Select(l => (l.ReferenceId, l.Remaining)));

        var outcome = account.Refund("r-1", "o-1", 100m, At.Day(5));
        Assert.Equal((30, 70), (outcome.PointsReversed, outcome.Shortfall));
        Assert.Empty(account.State.Lots);
    }

    [Fact]
    public void A_refund_lowers_the_tier_from_its_own_time_on()
    {
        var account = Accounts.New();
        account.Buy("o-1", 600m, At.Day(0));
        account.Refund("r-1", "o-1", 200m, At.Day(50));

        // Out of order: both arrive after the refund was accepted.
        var before = account.Buy("before-refund", 10m, At.Day(40));
        var after = account.Buy("after-refund", 10m, At.Day(60));

        Assert.Equal(Tier.Silver, before.EarningTier);
        Assert.Equal(Tier.Member, after.EarningTier);
    }

    [Fact]
    public void Points_that_expired_by_the_refund_time_cannot_be_reversed()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));

        var outcome = account.Refund("r-1", "o-1", 100m, At.Day(400));

        Assert.Equal((0, 100), (outcome.PointsReversed, outcome.Shortfall));
        Assert.Equal([PointMovementKind.Expire], outcome.Movements.Select(m => m.Kind));
    }

    [Theory]
    [InlineData("JPY", "99.5", RefundStatus.TooPrecise)]
    [InlineData("JPY", "100", RefundStatus.Accepted)]
    [InlineData("USD", "99.5", RefundStatus.Accepted)]
    public void A_refund_has_no_more_decimals_than_its_orders_currency(string currency, string amount, RefundStatus expected)
    {
        var account = Accounts.New();
        account.Purchase("o-1", 15_000m, currency, 100.50m, At.Day(0));

        var outcome = account.Refund("r-1", "o-1", Parse.Money(amount), At.Day(1));

        Assert.Equal(expected, outcome.Status);
        Assert.Equal(expected == RefundStatus.Accepted ? 1 : 0, account.State.Orders["o-1"].Refunds.Count);
    }
}
