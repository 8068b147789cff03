using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Lifecycle;

public class LifecyclePolicyTests
{
    private readonly LifecyclePolicy _policy = new(new LifecycleRules());

    [Theory]
    [InlineData(1, 0, 0, LifecycleStage.New)]
    [InlineData(1, -5, 0, LifecycleStage.New)] // purchase dated after now: recent
    [InlineData(1, 100, 0, LifecycleStage.New)]
    [InlineData(1, 180, 0, LifecycleStage.New)] // exactly 180 days: still within
    [InlineData(1, 180, 1, LifecycleStage.Lapsed)] // over 180 days
    [InlineData(2, 0, 0, LifecycleStage.Repeat)]
    [InlineData(2, 90, 0, LifecycleStage.Repeat)] // exactly 90 days: still within
    [InlineData(2, 90, 1, LifecycleStage.AtRisk)]
    [InlineData(3, 120, 0, LifecycleStage.AtRisk)]
    [InlineData(2, 180, 0, LifecycleStage.AtRisk)]
    [InlineData(2, 180, 1, LifecycleStage.Lapsed)]
    [InlineData(7, 400, 0, LifecycleStage.Lapsed)]
    public void The_stage_follows_purchases_and_the_age_of_the_last(
        int purchases, int ageDays, long extraTicks, LifecycleStage expected)
    {
        var now = At.Day(500);
        var last = now.AddDays(-ageDays).AddTicks(-extraTicks);

        Assert.Equal(expected, _policy.StageOf(purchases, last, now));
    }

    [Fact]
    public void No_purchase_is_a_prospect() =>
        Assert.Equal(LifecycleStage.Prospect, _policy.StageOf(0, null, At.Day(0)));

    [Theory]
    [InlineData(1, 10, 180)]
    [InlineData(1, 180, 180)] // at the boundary, the change is the very next tick
    [InlineData(2, 10, 90)]
    [InlineData(2, 90, 90)]
    [InlineData(2, 100, 180)]
    public void The_next_change_is_the_tick_after_a_boundary(int purchases, int ageDays, int boundaryDays)
    {
        var now = At.Day(500);
        var last = now.AddDays(-ageDays);

        Assert.Equal(last.AddDays(boundaryDays).AddTicks(1), _policy.NextChangeAfter(purchases, last, now));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 200)]
    [InlineData(2, 181)]
    public void Prospects_and_lapsed_customers_change_only_by_purchasing(int purchases, int ageDays)
    {
        var now = At.Day(500);
        DateTimeOffset? last = purchases == 0 ? null : now.AddDays(-ageDays);

        Assert.Null(_policy.NextChangeAfter(purchases, last, now));
    }

    [Theory]
    [InlineData(LifecycleStage.Prospect, "prospect")]
    [InlineData(LifecycleStage.New, "new")]
    [InlineData(LifecycleStage.Repeat, "repeat")]
    [InlineData(LifecycleStage.AtRisk, "at-risk")]
    [InlineData(LifecycleStage.Lapsed, "lapsed")]
    public void Stages_have_the_api_spelling(LifecycleStage stage, string name) =>
        Assert.Equal(name, stage.ToApiName());

    [Fact]
    public void Windows_come_from_configuration()
    {
        var policy = new LifecyclePolicy(new LifecycleRules { RepeatWithinDays = 30, LapsedAfterDays = 60 });
        var now = At.Day(100);

        Assert.Equal(LifecycleStage.AtRisk, policy.StageOf(2, now.AddDays(-31), now));
        Assert.Equal(LifecycleStage.Lapsed, policy.StageOf(1, now.AddDays(-61), now));
    }
}
