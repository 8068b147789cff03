using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

public sealed partial class CustomerAccount
{
    /// <summary>
    /// First step of a claim: takes <paramref name="points"/> at server time <paramref name="now"/>
    /// like a redemption (expired lots first removed, then oldest first) and keeps them as pending
    /// under <paramref name="claimId"/> until the claim completes or is returned.
    /// </summary>
    public ClaimOutcome HoldForClaim(string claimId, long points, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);

        if (State.PendingClaims.ContainsKey(claimId))
        {
            return new ClaimOutcome(ClaimStatus.AlreadyPending, claimId, points, Balance, []);
        }

        var movements = ExpireDueBy(now);
        if (Balance < points)
        {
            return new ClaimOutcome(ClaimStatus.InsufficientPoints, claimId, points, Balance, movements);
        }

        var (movement, held) = _wallet.Hold(claimId, points, now);
        movements.Add(movement);
        State.PendingClaims[claimId] = new ClaimHold(claimId, points, now, held);
        return new ClaimOutcome(ClaimStatus.Held, claimId, points, Balance, movements);
    }

    /// <summary>The claim happened: its held points stay spent and it is no longer pending.</summary>
    public ClaimOutcome CompleteClaim(string claimId)
    {
        if (!State.PendingClaims.Remove(claimId, out var hold))
        {
            return new ClaimOutcome(ClaimStatus.NotPending, claimId, 0, Balance, []);
        }

        return new ClaimOutcome(ClaimStatus.Completed, claimId, hold.Points, Balance, []);
    }

    /// <summary>
    /// The claim did not happen (the reward had no stock): its held points go back to the lots
    /// they came from, with their original expiry.
    /// </summary>
    public ClaimOutcome ReturnClaim(string claimId, DateTimeOffset now)
    {
        if (!State.PendingClaims.Remove(claimId, out var hold))
        {
            return new ClaimOutcome(ClaimStatus.NotPending, claimId, 0, Balance, []);
        }

        var movement = _wallet.Restore(claimId, hold.Held, now);
        return new ClaimOutcome(ClaimStatus.Returned, claimId, hold.Points, Balance, [movement]);
    }

    /// <summary>Claims still waiting for the reward's decision, oldest first.</summary>
    public IReadOnlyList<ClaimHold> PendingClaims => [.. State.PendingClaims.Values.OrderBy(hold => hold.HeldAt)];

    // A pending claim is work due since it was held: whoever wakes the customer finishes it.
    private DateTimeOffset? OldestPendingClaim() =>
        State.PendingClaims.Count == 0 ? null : State.PendingClaims.Values.Min(hold => hold.HeldAt);
}
