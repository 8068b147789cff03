using System.Text.Json;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Notices;

/// <summary>rules.md "Notices": points.expiring once per lot, ExpiryNoticeDays before it expires, if points of it are unspent then.</summary>
public class ExpiryNoticeTests
{
    // Lifecycle stages that change only after every lot here expired, so the due moments are the lots' own.
    private static LifecycleRules LateLifecycle => new() { RepeatWithinDays = 900, LapsedAfterDays = 1000 };

    // One lot of 100 points earned at day 0 expires at day 365; with the default 14 days its notice is due at day 351.
    [Theory]
    [InlineData(14, 350.99, 0, 0)]
    [InlineData(14, 351, 1, 100)]
    [InlineData(14, 364.99, 1, 100)] // a late sweep still tells, while the lot has not expired
    [InlineData(14, 365, 0, 0)] // expired: nothing left to tell of
    [InlineData(30, 334.99, 0, 0)]
    [InlineData(30, 335, 1, 100)]
    [InlineData(0, 364, 0, 0)] // 0: no notices at all
    public void A_lot_is_told_of_its_expiry_from_its_notice_moment_until_it_expires(int noticeDays, double day, int notices, long points)
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.ExpiryNoticeDays = noticeDays));
        account.Buy("o-1", 100m, At.Day(0));

        var told = account.AdvanceTo(At.Day(day)).ExpiryNotices;

        Assert.Equal(notices, told.Count);
        Assert.Equal(points, told.Sum(notice => notice.Points));
    }

    [Theory]
    [InlineData(0, 100)] // nothing spent
    [InlineData(30, 70)] // what is left of the lot is told
    [InlineData(100, -1)] // all spent: the lot is gone, nothing is told
    public void The_notice_tells_what_is_unspent_of_the_lot_then(long redeemed, long told)
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        if (redeemed > 0)
        {
            account.Redeem("x-1", redeemed, At.Day(10));
        }

        var notices = account.AdvanceTo(At.Day(351)).ExpiryNotices;

        Assert.Equal(told < 0 ? [] : [new PointsExpiringNotice("c-1", At.Day(351), told, At.Day(365))], notices);
    }

    [Fact]
    public void Each_lot_is_told_once_however_often_time_advances()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 50m, At.Day(1));

        var first = account.AdvanceTo(At.Day(351)).ExpiryNotices;
        var again = account.AdvanceTo(At.Day(351.5)).ExpiryNotices;
        var second = account.AdvanceTo(At.Day(352)).ExpiryNotices;
        var later = account.NoticeExpiringPoints(At.Day(360));

        Assert.Equal([new PointsExpiringNotice("c-1", At.Day(351), 100, At.Day(365))], first);
        Assert.Empty(again);
        Assert.Equal([new PointsExpiringNotice("c-1", At.Day(352), 50, At.Day(366))], second);
        Assert.Empty(later);
    }

    [Fact]
    public void Lots_due_together_are_told_oldest_expiry_first()
    {
        var account = Accounts.New();
        account.Buy("o-2", 50m, At.Day(1));
        account.Buy("o-1", 100m, At.Day(0));

        var notices = account.AdvanceTo(At.Day(360));

        Assert.Equal([At.Day(365), At.Day(366)], notices.ExpiryNotices.Select(notice => notice.ExpiresAt));
    }

    [Theory]
    [InlineData(14, 351)]
    [InlineData(30, 335)]
    [InlineData(0, 365)] // no notice: the expiry is the next moment
    public void The_due_moment_includes_the_notice_moment(int noticeDays, double dueDay)
    {
        var account = Accounts.New(rules: Accounts.Rules(r => (r.ExpiryNoticeDays, r.Lifecycle) = (noticeDays, LateLifecycle)));
        account.Buy("o-1", 100m, At.Day(0));

        Assert.Equal(At.Day(dueDay), account.NextDueAt(At.Day(1)));
    }

    [Fact]
    public void After_the_notice_the_next_due_moment_is_the_expiry()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.Lifecycle = LateLifecycle));
        account.Buy("o-1", 100m, At.Day(0));

        var advance = account.AdvanceTo(At.Day(351));

        Assert.Equal(At.Day(365), advance.NextDueAt);
    }

    [Fact]
    public void That_a_lot_was_told_survives_a_snapshot()
    {
        var rules = Accounts.Rules(r => r.Lifecycle = LateLifecycle);
        var account = Accounts.New(rules: rules);
        account.Buy("o-1", 100m, At.Day(0));
        account.AdvanceTo(At.Day(351));

        var stored = JsonSerializer.Serialize(account.State);
        var reopened = new CustomerAccount(JsonSerializer.Deserialize<CustomerState>(stored)!, rules);

        Assert.Empty(reopened.AdvanceTo(At.Day(352)).ExpiryNotices);
        Assert.Equal(At.Day(365), reopened.NextDueAt(At.Day(352)));
    }

    [Fact]
    public void An_erased_customer_is_told_nothing()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.Lifecycle = LateLifecycle));
        account.Buy("o-1", 100m, At.Day(0));
        account.Erase();

        Assert.Empty(account.AdvanceTo(At.Day(351)).ExpiryNotices);
        Assert.Equal(At.Day(365), account.NextDueAt(At.Day(1)));
    }

    [Fact]
    public void Points_that_never_expire_are_never_told_of()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.PointsLifetimeDays = 0));
        account.Buy("o-1", 100m, At.Day(0));

        Assert.Empty(account.AdvanceTo(At.Day(5000)).ExpiryNotices);
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(0, true)]
    [InlineData(400, true)] // longer than the lifetime: told as soon as earned
    [InlineData(36_500, true)]
    [InlineData(36_501, false)]
    [InlineData(-1, false)]
    public void The_notice_lead_is_checked_at_start_up_naming_its_key(int noticeDays, bool valid)
    {
        var problems = Accounts.Rules(r => r.ExpiryNoticeDays = noticeDays).Validate();

        Assert.Equal(valid, problems.Count == 0);
        Assert.All(problems, problem => Assert.Contains("Webhooks:ExpiryNoticeDays", problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_lead_as_long_as_the_lifetime_tells_of_a_lot_as_soon_as_it_is_earned()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => (r.ExpiryNoticeDays, r.PointsLifetimeDays) = (30, 30)));
        account.Buy("o-1", 100m, At.Day(0));

        Assert.Equal([new PointsExpiringNotice("c-1", At.Day(0), 100, At.Day(30))], account.NoticeExpiringPoints(At.Day(0)));
    }
}
