using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Claims;

public class ClaimHoldTests
{
    [Theory]
    [InlineData(1, ClaimStatus.Held, 179)]
    [InlineData(180, ClaimStatus.Held, 0)]
    [InlineData(181, ClaimStatus.InsufficientPoints, 180)]
    [InlineData(10_000, ClaimStatus.InsufficientPoints, 180)]
    public void A_hold_takes_the_cost_or_nothing(long cost, ClaimStatus expected, long balance)
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 80m, At.Day(1));

        var outcome = account.HoldForClaim("k-1", cost, At.Day(2));

        Assert.Equal((expected, balance), (outcome.Status, outcome.Balance));
        Assert.Equal(balance, account.Balance);
        Assert.Equal(expected == ClaimStatus.Held, account.State.PendingClaims.ContainsKey("k-1"));
    }

    [Fact]
    public void A_hold_spends_the_oldest_points_first_like_a_redemption()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 50m, At.Day(10));
        account.Buy("o-3", 30m, At.Day(5));

        var outcome = account.HoldForClaim("k-1", 110, At.Day(20));

        Assert.Equal([("o-3", 20L), ("o-2", 50L)], account.State.Lots.Select(l => (l.ReferenceId, l.Remaining)));
        Assert.Equal([new PointMovement(PointMovementKind.Redeem, -110, 70, At.Day(20), "k-1")], outcome.Movements);
        Assert.Equal([("o-1", 100L), ("o-3", 10L)], account.State.PendingClaims["k-1"].Held.Select(h => (h.ReferenceId, h.Points)));
    }

    [Fact]
    public void Expired_points_cannot_be_held()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));

        var outcome = account.HoldForClaim("k-1", 50, At.Day(365));

        Assert.Equal(ClaimStatus.InsufficientPoints, outcome.Status);
        Assert.Single(outcome.Movements, m => m.Kind == PointMovementKind.Expire);
    }

    [Fact]
    public void A_claim_id_holds_points_once()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.HoldForClaim("k-1", 30, At.Day(1));

        var again = account.HoldForClaim("k-1", 30, At.Day(1));

        Assert.Equal(ClaimStatus.AlreadyPending, again.Status);
        Assert.Equal(70, account.Balance);
    }

    [Fact]
    public void A_completed_claim_keeps_its_points_spent()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.HoldForClaim("k-1", 30, At.Day(1));

        var outcome = account.CompleteClaim("k-1");

        Assert.Equal((ClaimStatus.Completed, 30L, 70L), (outcome.Status, outcome.Points, outcome.Balance));
        Assert.Empty(account.State.PendingClaims);
        Assert.Equal(ClaimStatus.NotPending, account.CompleteClaim("k-1").Status);
        Assert.Equal(ClaimStatus.NotPending, account.ReturnClaim("k-1", At.Day(2)).Status);
        Assert.Equal(70, account.Balance);
    }

    [Fact]
    public void A_returned_claim_puts_the_points_back_into_the_lots_they_came_from()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.Buy("o-2", 50m, At.Day(10));
        var before = account.State.Lots.Select(l => (l.ReferenceId, l.Remaining, l.ExpiresAt)).ToList();
        account.HoldForClaim("k-1", 120, At.Day(20));

        var outcome = account.ReturnClaim("k-1", At.Day(21));

        Assert.Equal((ClaimStatus.Returned, 120L, 150L), (outcome.Status, outcome.Points, outcome.Balance));
        Assert.Equal([new PointMovement(PointMovementKind.Return, 120, 150, At.Day(21), "k-1")], outcome.Movements);
        // Same lots, same expiry; the partly spent o-2 lot comes back as a second lot of the same origin.
        Assert.Equal(150, account.State.Lots.Sum(l => l.Remaining));
        Assert.All(account.State.Lots, lot => Assert.Contains(before, b => b.ReferenceId == lot.ReferenceId && b.ExpiresAt == lot.ExpiresAt));
        Assert.Equal(ClaimStatus.NotPending, account.ReturnClaim("k-1", At.Day(22)).Status);
        Assert.Equal(150, account.Balance);
    }

    [Fact]
    public void Points_returned_after_their_expiry_expire_as_they_would_have()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.HoldForClaim("k-1", 100, At.Day(300));

        account.ReturnClaim("k-1", At.Day(400));

        Assert.Equal(0, account.BalanceAt(At.Day(400)));
        Assert.Equal(100, account.Expire(At.Day(400)).PointsExpired);
    }

    [Fact]
    public void A_pending_claim_is_due_from_the_moment_it_was_held_until_it_settles()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        var idle = account.NextDueAt(At.Day(1));

        account.HoldForClaim("k-1", 10, At.Day(1));
        account.HoldForClaim("k-2", 10, At.Day(2));

        Assert.Equal(At.Day(1), account.NextDueAt(At.Day(3)));
        Assert.Equal(["k-1", "k-2"], account.PendingClaims.Select(c => c.ClaimId));
        account.CompleteClaim("k-1");
        Assert.Equal(At.Day(2), account.NextDueAt(At.Day(3)));
        account.ReturnClaim("k-2", At.Day(3));
        Assert.Equal(idle, account.NextDueAt(At.Day(3)));
    }

    [Fact]
    public void Pending_claims_survive_the_state_round_trip()
    {
        var account = Accounts.New();
        account.Buy("o-1", 100m, At.Day(0));
        account.HoldForClaim("k-1", 40, At.Day(1));
        var json = System.Text.Json.JsonSerializer.Serialize(account.State);

        var restored = new CustomerAccount(System.Text.Json.JsonSerializer.Deserialize<CustomerState>(json)!, Accounts.Rules());
        restored.ReturnClaim("k-1", At.Day(2));

        Assert.Equal(100, restored.Balance);
    }

    [Theory]
    [InlineData(PointMovementKind.Redeem, -40, 40)]
    [InlineData(PointMovementKind.Return, 40, -40)]
    public void A_return_takes_back_the_redeemed_points_it_undoes(PointMovementKind kind, long points, decimal redeemed)
    {
        var deltas = KpiFacts.Points(null, null, new PointMovement(kind, points, 0, At.Day(1), "k-1"));

        Assert.All(deltas, delta => Assert.Equal((KpiMetrics.PointsRedeemed, redeemed), (delta.Metric, delta.Amount)));
        Assert.NotEmpty(deltas);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Holding_nothing_is_a_programming_error(long points) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Accounts.New().HoldForClaim("k-1", points, At.Day(0)));
}
