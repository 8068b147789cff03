using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Points;

public class HistoryTests
{
    [Fact]
    public void Every_kind_of_movement_is_recorded_with_the_balance_after_it()
    {
        var account = Accounts.New("referrer");
        account.Buy("o-1", 100m, At.Day(0));
        account.Review("rv-1", "o-1", 5, At.Day(1));
        account.AwardReferral("friend", At.Day(2));
        account.Redeem("x-1", 120, At.Day(3));
        account.Refund("r-1", "o-1", 50m, At.Day(4));
        account.Expire(At.Day(400));

        Assert.Equal(
            [
                // The refund owed 50 with its order's lot spent: 30 from the review lot, 20 from the referral's.
                new PointMovement(PointMovementKind.Expire, -180, 0, At.Day(367), "friend"),
                new PointMovement(PointMovementKind.Reverse, -50, 180, At.Day(4), "r-1"),
                new PointMovement(PointMovementKind.Redeem, -120, 230, At.Day(3), "x-1"),
                new PointMovement(PointMovementKind.Referral, 200, 350, At.Day(2), "friend"),
                new PointMovement(PointMovementKind.Review, 50, 150, At.Day(1), "rv-1"),
                new PointMovement(PointMovementKind.Earn, 100, 100, At.Day(0), "o-1"),
            ],
            account.RecentMovements(50));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(5, 5)]
    [InlineData(50, 5)]
    public void The_most_recent_n_are_returned_newest_first(int limit, int expectedCount)
    {
        var account = Accounts.New();
        for (var i = 0; i < 5; i++)
        {
            account.Buy($"o-{i}", 10m * (i + 1), At.Day(i));
        }

        var recent = account.RecentMovements(limit);

        Assert.Equal(expectedCount, recent.Count);
        Assert.Equal(
            Enumerable.Range(0, expectedCount).Select(i => $"o-{4 - i}"),
            recent.Select(m => m.ReferenceId));
    }

    [Theory]
    [InlineData(PointMovementKind.Earn, "earn")]
    [InlineData(PointMovementKind.Review, "review")]
    [InlineData(PointMovementKind.Referral, "referral")]
    [InlineData(PointMovementKind.Redeem, "redeem")]
    [InlineData(PointMovementKind.Reverse, "reverse")]
    [InlineData(PointMovementKind.Expire, "expire")]
    public void Movement_kinds_have_api_names(PointMovementKind kind, string name) =>
        Assert.Equal(name, kind.ToApiName());
}
