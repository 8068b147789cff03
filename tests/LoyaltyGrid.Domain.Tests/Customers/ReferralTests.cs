using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Customers;

public class ReferralTests
{
    [Fact]
    public void The_referees_first_purchase_makes_the_award_due_once()
    {
        var referee = Accounts.New("referee");

        var referral = referee.RecordReferral("ref-1", "referrer", At.Day(0));
        var first = referee.Buy("o-1", 10m, At.Day(5));
        var second = referee.Buy("o-2", 10m, At.Day(6));

        Assert.Equal((ReferralStatus.Recorded, null), (referral.Status, referral.ReferralAward));
        Assert.Equal(new ReferralAward("referrer", "referee", At.Day(5)), first.ReferralAward);
        Assert.Null(second.ReferralAward);
        Assert.Equal(ReferralProgress.Rewarded, referee.State.Referral!.Progress);
    }

    [Fact]
    public void A_customer_cannot_refer_itself()
    {
        var account = Accounts.New("c-1");

        var referral = account.RecordReferral("ref-1", "c-1", At.Day(0));
        var purchase = account.Buy("o-1", 10m, At.Day(1));
        var award = account.AwardReferral("c-1", At.Day(1));

        Assert.Equal(ReferralStatus.SelfReferral, referral.Status);
        Assert.Null(purchase.ReferralAward);
        Assert.Equal((ReferralAwardStatus.SelfReferral, 10L), (award.Status, award.Balance));
    }

    [Fact]
    public void A_referee_who_had_already_purchased_earns_the_referrer_nothing()
    {
        var referee = Accounts.New("referee");
        referee.Buy("o-1", 10m, At.Day(0));

        var referral = referee.RecordReferral("ref-1", "referrer", At.Day(5));
        var later = referee.Buy("o-2", 10m, At.Day(6));

        Assert.Equal(ReferralStatus.AlreadyPurchased, referral.Status);
        Assert.Null(later.ReferralAward);
    }

    [Fact]
    public void A_referral_arriving_after_the_first_purchase_it_preceded_pays_at_once()
    {
        var referee = Accounts.New("referee");
        referee.Buy("o-1", 10m, At.Day(10));

        var referral = referee.RecordReferral("ref-1", "referrer", At.Day(5));

        Assert.Equal(ReferralStatus.Recorded, referral.Status);
        Assert.Equal(new ReferralAward("referrer", "referee", At.Day(10)), referral.ReferralAward);
    }

    [Fact]
    public void An_earlier_purchase_arriving_after_the_referral_voids_it()
    {
        var referee = Accounts.New("referee");
        referee.RecordReferral("ref-1", "referrer", At.Day(5));

        var earlier = referee.Buy("o-1", 10m, At.Day(3));
        var later = referee.Buy("o-2", 10m, At.Day(10));

        Assert.Null(earlier.ReferralAward);
        Assert.Null(later.ReferralAward);
        Assert.Equal(ReferralProgress.Void, referee.State.Referral!.Progress);
    }

    [Fact]
    public void The_first_referral_of_a_customer_stands()
    {
        var referee = Accounts.New("referee");
        referee.RecordReferral("ref-1", "first", At.Day(0));

        var second = referee.RecordReferral("ref-2", "second", At.Day(1));
        var purchase = referee.Buy("o-1", 10m, At.Day(2));

        Assert.Equal(ReferralStatus.AlreadyReferred, second.Status);
        Assert.Equal("first", purchase.ReferralAward!.ReferrerId);
    }

    [Fact]
    public void The_referrer_is_paid_once_per_referee()
    {
        var referrer = Accounts.New("referrer");

        var outcomes = new[]
        {
            referrer.AwardReferral("friend-1", At.Day(1)),
            referrer.AwardReferral("friend-1", At.Day(2)),
            referrer.AwardReferral("friend-2", At.Day(3)),
        };

        Assert.Equal(
            [(ReferralAwardStatus.Awarded, 200L), (ReferralAwardStatus.AlreadyAwarded, 0L), (ReferralAwardStatus.Awarded, 200L)],
            outcomes.Select(o => (o.Status, o.PointsEarned)));
        Assert.Equal(400, referrer.Balance);
        Assert.Equal(400, referrer.LifetimePoints);
        Assert.Equal(At.Day(1).AddDays(365), referrer.State.Lots[0].ExpiresAt);
    }

    [Fact]
    public void Referral_points_are_configurable()
    {
        var referrer = Accounts.New("referrer", Accounts.Rules(r => r.ReferralPoints = 75));

        Assert.Equal(75, referrer.AwardReferral("friend", At.Day(0)).PointsEarned);
    }
}
