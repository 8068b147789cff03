using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Customers;

public class ErasureTests
{
    private static CustomerAccount ErasedAccount()
    {
        var account = Accounts.New("c-1");
        account.Purchase("o-1", 100m, "USD", 100m, At.Day(0), [new OrderItem("sku-1", 2, 50m, "shoes")]);
        account.Review("rv-1", "o-1", 4, At.Day(1), "Lovely shoes, my size 42");
        account.OpenComplaint("cp-1", "o-1", ComplaintCategory.Logistics, At.Day(2), "Call me on +49 30 1234");
        account.RecordReferral("ref-1", "friend", At.Day(-1));
        account.AwardReferral("someone", At.Day(3));
        account.Erase();
        return account;
    }

    [Fact]
    public void Personal_data_and_history_are_gone()
    {
        var account = ErasedAccount();

        Assert.True(account.State.Erased);
        Assert.Empty(account.RecentMovements(100));
        Assert.Null(account.State.Orders["o-1"].Items);
        Assert.Null(account.State.Reviews["rv-1"].Text);
        Assert.Null(account.State.Complaints["cp-1"].Note);
    }

    [Fact]
    public void The_numbers_stay_so_totals_and_the_balance_do_not_change()
    {
        var account = ErasedAccount();
        var snapshot = account.Snapshot(At.Day(4));

        Assert.Equal((350L, 350L, 1, 100m, 1), (snapshot.Balance, snapshot.LifetimePoints, snapshot.Orders, snapshot.NetSpend, snapshot.OpenComplaints));
    }

    [Fact]
    public void Later_events_are_answered_as_they_would_have_been()
    {
        var account = ErasedAccount();

        Assert.Equal(PurchaseStatus.DuplicateOrder, account.Buy("o-1", 100m, At.Day(5)).Status);
        Assert.Equal(RefundStatus.ExceedsRefundable, account.Refund("r-1", "o-1", 100.01m, At.Day(5)).Status);
        Assert.Equal(ReviewStatus.AlreadyRewarded, account.Review("rv-2", "o-1", 5, At.Day(5)).Status);
        Assert.Equal(ReviewStatus.DuplicateReview, account.Review("rv-1", "o-1", 5, At.Day(5)).Status);
        Assert.Equal(ReferralAwardStatus.AlreadyAwarded, account.AwardReferral("someone", At.Day(5)).Status);
        Assert.Equal(ComplaintStatus.DuplicateComplaint, account.OpenComplaint("cp-1", null, ComplaintCategory.Quality, At.Day(5)).Status);
        Assert.Equal(ComplaintStatus.Recorded, account.ResolveComplaint("cp-1", At.Day(5)).Status);
    }

    [Fact]
    public void New_movements_are_recorded_after_erasure()
    {
        var account = ErasedAccount();

        account.Redeem("x-1", 50, At.Day(5));

        Assert.Single(account.RecentMovements(100));
    }
}
