using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Customers;

public class ReviewTests
{
    [Fact]
    public void Only_the_first_review_of_an_order_is_rewarded()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 100m, At.Day(0));

        var outcomes = new[]
        {
            account.Review("rv-1", "o-1", 5, At.Day(1)),
            account.Review("rv-2", "o-1", 1, At.Day(2)),
            account.Review("rv-3", "o-2", 4, At.Day(3)),
            account.Review("rv-4", "o-2", 4, At.Day(4)),
        };

        Assert.Equal(
            [(ReviewStatus.Rewarded, 50L), (ReviewStatus.AlreadyRewarded, 0L), (ReviewStatus.Rewarded, 50L), (ReviewStatus.AlreadyRewarded, 0L)],
            outcomes.Select(o => (o.Status, o.PointsEarned)));
        Assert.Equal(300, account.Balance);
        Assert.Equal(4, account.State.Reviews.Count);
    }

    [Fact]
    public void A_review_of_an_unknown_order_is_accepted_without_points_and_never_paid_later()
    {
        var account = Accounts.New();

        var early = account.Review("rv-1", "o-1", 5, At.Day(1));
        account.Buy("o-1", 100m, At.Day(0)); // the purchase arrives after its review
        var next = account.Review("rv-2", "o-1", 5, At.Day(2));

        Assert.Equal((ReviewStatus.UnknownOrder, 0L), (early.Status, early.PointsEarned));
        Assert.Equal((ReviewStatus.Rewarded, 50L), (next.Status, next.PointsEarned));
        Assert.Equal(150, account.Balance);
    }

    [Fact]
    public void The_same_review_id_twice_is_a_conflict()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Review("rv-1", "o-1", 5, At.Day(1));

        var outcome = account.Review("rv-1", "o-1", 3, At.Day(2));

        Assert.Equal(ReviewStatus.DuplicateReview, outcome.Status);
        Assert.Equal(5, account.State.Reviews["rv-1"].Rating);
    }

    [Fact]
    public void Review_points_are_configurable_and_0_earns_nothing()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.ReviewPoints = 0));
        account.Buy("o-1", 100m, At.Day(0));

        var outcome = account.Review("rv-1", "o-1", 5, At.Day(1));

        Assert.Equal((ReviewStatus.Rewarded, 0L), (outcome.Status, outcome.PointsEarned));
        Assert.Empty(outcome.Movements);
        Assert.Equal(100, account.LifetimePoints);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_rating_outside_1_to_5_is_a_programming_error(int rating) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Accounts.New().Review("rv-1", "o-1", rating, At.Day(0)));

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Ratings_1_to_5_are_accepted(int rating) =>
        Assert.Equal(ReviewStatus.UnknownOrder, Accounts.New().Review("rv-1", "o-1", rating, At.Day(0)).Status);
}
