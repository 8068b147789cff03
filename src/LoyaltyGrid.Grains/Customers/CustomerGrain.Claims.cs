using System.Text.Json;
using LoyaltyGrid.Grains.Rewards;

namespace LoyaltyGrid.Grains.Customers;

// Claims: the customer coordinates a step across two owners, its points and the reward's stock
// (docs/architecture.md, "Claims: one step across two owners"). It journals the hold first, then
// asks the reward for its one decision, then journals the outcome. Every step repeats safely, and
// a pending claim keeps the customer due, so a crash anywhere is finished by whoever wakes it next.
public sealed partial class CustomerGrain
{
    public async Task<ClaimAnswer> Claim(ClaimCommand command)
    {
        await EnsureLoadedAsync();
        await SettlePendingClaimsAsync();
        var key = CustomerDecider.Qualify(command.Requester, command.ClaimId);
        var fingerprint = EventFingerprint.Of(command);
        if (await ClaimStartedBeforeAsync(key) is { } storedFingerprint)
        {
            return storedFingerprint == fingerprint
                ? await SettledAnswerAsync(key)
                : ClaimAnswer.Failed(ClaimAnswerStatus.Conflict, "This claim id was already used for another reward.");
        }

        if (_decider.Erased)
        {
            return ClaimAnswer.Failed(ClaimAnswerStatus.Conflict, "This customer was erased and takes no new claims.");
        }

        // Read through the reward's owner, so a catalogue change is seen at once.
        if (await GrainFactory.GetGrain<IRewardGrain>(command.RewardId).Get() is not { Active: true } reward)
        {
            return ClaimAnswer.Failed(ClaimAnswerStatus.UnknownReward, $"No active reward '{command.RewardId}' is in the catalogue.");
        }

        var now = JournalNow();
        var start = new ClaimStart(
            command.Requester, command.ClaimId, reward.RewardId, reward.PointsCost, CouponCodes.Draw(),
            reward.Value, reward.Currency, reward.ValidDays, now, now.AddDays(reward.ValidDays));
        var held = await ApplyAsync(CustomerEventTypes.ClaimStarted, ClaimEventIds.Started(key), start, occurredAt: null,
            (claim, at) => _decider.StartClaim(claim, at, known: _sequence > 0), fingerprint: fingerprint);
        return held.Status switch
        {
            EventStatus.Applied => await SettleAsync(start),
            // Another activation journaled the same claim first (the unique index answered): it is settled or pending there.
            EventStatus.Duplicate => await SettledAnswerAsync(key),
            EventStatus.NotFound => ClaimAnswer.Failed(ClaimAnswerStatus.UnknownCustomer, held.Problem ?? "Unknown customer."),
            _ when held.Problem == CustomerDecider.InsufficientPointsProblem =>
                ClaimAnswer.Failed(ClaimAnswerStatus.InsufficientPoints, $"The balance is smaller than the {reward.PointsCost} points reward '{reward.RewardId}' costs."),
            _ => ClaimAnswer.Failed(ClaimAnswerStatus.Conflict, held.Problem ?? "The claim conflicts with what was recorded before."),
        };
    }

    // The coupon table decided the redemption; this only counts it, once per coupon (a retry of the
    // same order finds the event and changes nothing), and the answer waits for it, so an
    // acknowledged redemption is always counted.
    public async Task CountCouponRedemption(CouponRedemptionCommand command) =>
        await ApplyAsync(CustomerEventTypes.CouponRedeemed, ClaimEventIds.CouponRedeemed(command.ClaimKey), command, occurredAt: command.RedeemedAt,
            _decider.CountCouponRedemption, allowErased: true);

    /// <summary>Finishes every claim the journal says is pending; after it returns none is.</summary>
    private async Task SettlePendingClaimsAsync()
    {
        foreach (var start in Fold.PendingClaims.Values.OrderBy(claim => claim.ClaimedAt).ToList())
        {
            await SettleAsync(start);
        }
    }

    /// <summary>
    /// Steps 2 and 3: the reward's decision (made once, durably; asked again it is the same), then
    /// the customer's record of it. Never settles without the reward's decision, so stock is never
    /// taken for a claim whose points came back.
    /// </summary>
    private async Task<ClaimAnswer> SettleAsync(ClaimStart start)
    {
        var key = CustomerDecider.Qualify(start.Requester, start.ClaimId);
        var request = new StockRequest(CustomerId, key, start.CouponCode!, start.Value, start.Currency, start.ClaimedAt, start.ExpiresAt);
        var decision = await GrainFactory.GetGrain<IRewardGrain>(start.RewardId).Take(request);
        var settlement = new ClaimSettlement(key);
        if (decision.Taken)
        {
            var completed = await ApplyAsync(CustomerEventTypes.ClaimCompleted, ClaimEventIds.Completed(key), settlement, occurredAt: null,
                _decider.CompleteClaim, allowErased: true);
            return completed.IsSuccess
                ? new ClaimAnswer(completed.Status == EventStatus.Applied ? ClaimAnswerStatus.Issued : ClaimAnswerStatus.Duplicate, completed.Receipt)
                : await SettledAnswerAsync(key);
        }

        var refused = await ApplyAsync(CustomerEventTypes.ClaimRefused, ClaimEventIds.Refused(key), settlement, occurredAt: null,
            _decider.ReturnClaim, allowErased: true);
        return refused.IsSuccess ? OutOfStock(start.RewardId) : await SettledAnswerAsync(key);
    }

    /// <summary>The stored fingerprint of the claim's started event, or null when the claim is new.</summary>
    private async Task<string?> ClaimStartedBeforeAsync(string key)
    {
        if (_sequence == 0 || await journal.FindAsync(Stream, ClaimEventIds.Started(key)) is not { } started)
        {
            return null;
        }

        return CustomerEvent.Parse(started.Payload).Fingerprint;
    }

    /// <summary>The outcome of a claim that is no longer pending, from the journal.</summary>
    private async Task<ClaimAnswer> SettledAnswerAsync(string key)
    {
        if (Fold.PendingClaims.TryGetValue(key, out var pending))
        {
            return await SettleAsync(pending);
        }

        if (await journal.FindAsync(Stream, ClaimEventIds.Completed(key)) is { } completed)
        {
            var receipt = CustomerEvent.Parse(completed.Payload).Receipt.Deserialize<ClaimReceipt>(CustomerFold.Json);
            return new ClaimAnswer(ClaimAnswerStatus.Duplicate, receipt);
        }

        if (await journal.FindAsync(Stream, ClaimEventIds.Refused(key)) is { } refused)
        {
            var receipt = CustomerEvent.Parse(refused.Payload).Receipt.Deserialize<ClaimRefusedReceipt>(CustomerFold.Json);
            return OutOfStock(receipt?.RewardId ?? "");
        }

        throw new InvalidOperationException($"Claim '{key}' was started but is neither pending nor settled in the journal.");
    }

    private static ClaimAnswer OutOfStock(string rewardId) =>
        ClaimAnswer.Failed(ClaimAnswerStatus.OutOfStock, $"Reward '{rewardId}' has no stock left; the claim's points were not spent.");
}
