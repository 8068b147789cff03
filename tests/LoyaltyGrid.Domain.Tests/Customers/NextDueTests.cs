using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Customers;

public class NextDueTests
{
    private static LoyaltyRules NeverExpiring() => Accounts.Rules(r => r.PointsLifetimeDays = 0);

    [Fact]
    public void An_empty_account_never_needs_waking() =>
        Assert.Null(Accounts.New().NextDueAt(At.Day(0)));

    [Fact]
    public void The_next_lot_expiry_is_due()
    {
        // With the default lifetime a lifecycle change always comes first, so shorten it; the
        // expiry notice (Notices/ExpiryNoticeTests) would come before the expiry, so leave it out.
        var account = Accounts.New(rules: Accounts.Rules(r => (r.PointsLifetimeDays, r.ExpiryNoticeDays) = (30, 0)));
        account.Buy("o-1", 10m, At.Day(0));
        account.Buy("o-2", 10m, At.Day(1));

        Assert.Equal(At.Day(30), account.NextDueAt(At.Day(2)));
    }

    [Fact]
    public void A_lifecycle_change_is_due_the_tick_after_its_boundary()
    {
        var account = Accounts.New(rules: NeverExpiring());
        account.Buy("o-1", 10m, At.Day(0));

        Assert.Equal(At.Day(180).AddTicks(1), account.NextDueAt(At.Day(1)));
    }

    [Fact]
    public void A_tier_downgrade_is_due_when_spend_ages_out()
    {
        var account = Accounts.New(rules: NeverExpiring());
        account.Buy("big", 600m, At.Day(0));
        account.Buy("small", 10m, At.Day(300)); // keeps the customer "repeat" until day 390

        Assert.Equal(At.Day(365).AddTicks(1), account.NextDueAt(At.Day(310)));
    }

    [Fact]
    public void A_complaint_deadline_is_due_the_tick_after_it()
    {
        var account = Accounts.New();
        account.OpenComplaint("cp-1", null, ComplaintCategory.Payment, At.Hour(0));

        Assert.Equal(At.Hour(24).AddTicks(1), account.NextDueAt(At.Hour(1)));

        account.RecordComplaintResponse("cp-1", At.Hour(2));
        Assert.Equal(At.Hour(72).AddTicks(1), account.NextDueAt(At.Hour(3)));

        account.ResolveComplaint("cp-1", At.Hour(4));
        Assert.Null(account.NextDueAt(At.Hour(5)));
    }

    [Fact]
    public void Work_already_overdue_is_reported_as_due_in_the_past()
    {
        var account = Accounts.New(rules: Accounts.Rules(r => r.ExpiryNoticeDays = 0));
        account.Buy("o-1", 10m, At.Day(0));

        Assert.Equal(At.Day(365), account.NextDueAt(At.Day(400)));
    }

    [Fact]
    public void Advancing_to_now_expires_counts_breaches_and_says_when_to_come_back()
    {
        var account = Accounts.New();
        account.Buy("o-1", 600m, At.Day(0));
        account.Buy("o-2", 10m, At.Day(300));
        account.OpenComplaint("cp-1", null, ComplaintCategory.Payment, At.Day(360));

        var outcome = account.AdvanceTo(At.Day(366));

        Assert.Equal((600L, 12L), (outcome.Expiry.PointsExpired, outcome.Expiry.Balance)); // o-2 earned at Silver
        Assert.Equal([SlaTarget.FirstResponse, SlaTarget.Resolution], outcome.NewBreaches.Select(b => b.Target));
        Assert.Equal((Tier.Member, LifecycleStage.Repeat), (outcome.Tier, outcome.Lifecycle));
        Assert.Equal(At.Day(390).AddTicks(1), outcome.NextDueAt); // repeat turns at-risk
        Assert.Empty(account.AdvanceTo(At.Day(366)).NewBreaches);
    }
}
