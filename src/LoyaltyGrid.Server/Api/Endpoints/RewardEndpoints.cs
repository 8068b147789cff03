using System.Security.Claims;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Rewards;
using LoyaltyGrid.Server.Api.Contracts;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Api.Endpoints;

/// <summary>The reward catalogue, claims that turn points into coupons, and coupons redeemed at checkout (docs/rewards.md).</summary>
public static class RewardEndpoints
{
    public static RouteGroupBuilder MapRewardEndpoints(this RouteGroupBuilder api)
    {
        var rewards = api.MapGroup("").WithTags("Rewards and coupons");

        rewards.MapPut("/rewards/{rewardId}", PutReward)
            .RequireAuthorization(AuthPolicies.Ops)
            .WithName("PutReward")
            .WithSummary("Create or change a reward")
            .WithDescription("`stock` is the number of units still available (absent: unlimited); sending it sets what is left. Coupons already issued keep their terms.")
            .Produces<RewardResponse>()
            .ProducesEventProblems(conflict: false, unknownCurrency: true);
        rewards.MapGet("/rewards", ListRewards)
            .RequireAuthorization(AuthPolicies.AnyCredential)
            .WithName("ListRewards")
            .WithSummary("The active rewards with their remaining stock")
            .Produces<RewardsResponse>()
            .ProducesCustomerProblems();
        rewards.MapPost("/customers/{customerId}/claims", Claim)
            .RequireAuthorization(AuthPolicies.StorefrontOrOwnCustomer)
            .WithName("ClaimReward")
            .WithSummary("Turn points into a coupon")
            .WithDescription("Spends the reward's points, takes one unit of its stock and issues one coupon, or does none of these. 404 for an unknown or inactive reward; 409 `insufficient-points` or `out-of-stock`. Idempotent by (requester, claimId); a retry finishes a claim a crash interrupted.")
            .Produces<ClaimResponse>()
            .ProducesCustomerProblems(notFound: true, conflict: true, body: true);
        rewards.MapPost("/coupons/{couponCode}/redemptions", RedeemCoupon)
            .RequireAuthorization(AuthPolicies.Storefront)
            .WithName("RedeemCoupon")
            .WithSummary("Redeem a coupon at checkout")
            .WithDescription("Once per coupon; the same (storefront, orderId) again is a duplicate. 409 `already-redeemed` for another order, 409 `expired` past `expiresAt`, 404 for an unknown code.")
            .Produces<CouponRedemptionResponse>()
            .ProducesCustomerProblems(notFound: true, conflict: true, body: true);
        return api;
    }

    private static async Task<IResult> PutReward(string rewardId, JsonBody<RewardRequest> body, IGrainFactory grains, LoyaltyRules rules)
    {
        var request = body.Value;
        if (!rules.Rates.ContainsKey(request.Currency))
        {
            return ApiProblems.UnknownCurrency(request.Currency);
        }

        var terms = new RewardTerms(request.Name, request.PointsCost, request.Value, request.Currency, request.ValidDays, request.Stock, request.Active);
        var reward = await grains.GetGrain<IRewardGrain>(rewardId).Put(terms);
        return TypedResults.Ok(new RewardResponse(
            reward.RewardId, reward.Name, reward.PointsCost, reward.Value, reward.Currency, reward.ValidDays, reward.Remaining, reward.Active));
    }

    private static async Task<RewardsResponse> ListRewards(IRewardStore store)
    {
        var rewards = await store.ListActiveAsync();
        return new RewardsResponse([.. rewards.Select(reward => new RewardListItem(
            reward.RewardId, reward.Name, reward.PointsCost, reward.Value, reward.Currency, reward.ValidDays, reward.Remaining))]);
    }

    private static async Task<IResult> Claim(string customerId, JsonBody<ClaimRequest> body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var request = body.Value;
        // Claim ids are the requester's, like redemption ids: a storefront's own, or the customer's.
        var requester = user.IsInRole(Roles.Storefront) ? user.StorefrontId() : RedemptionCommand.CustomerRequester;
        var answer = await grains.GetGrain<ICustomerGrain>(customerId).Claim(new ClaimCommand(requester, request.ClaimId, request.RewardId));
        return answer.Status switch
        {
            ClaimAnswerStatus.Issued or ClaimAnswerStatus.Duplicate when answer.Receipt is { } receipt => TypedResults.Ok(new ClaimResponse(
                receipt.ClaimId, receipt.RewardId, receipt.CouponCode, receipt.PointsSpent, receipt.Balance, receipt.ExpiresAt,
                answer.Status == ClaimAnswerStatus.Duplicate)),
            ClaimAnswerStatus.UnknownCustomer or ClaimAnswerStatus.UnknownReward => ApiProblems.NotFound(answer.Problem ?? "Unknown reward."),
            ClaimAnswerStatus.InsufficientPoints => ApiProblems.Conflict(ProblemTypes.InsufficientPoints, "Insufficient points", answer.Problem ?? ""),
            ClaimAnswerStatus.OutOfStock => ApiProblems.Conflict(ProblemTypes.OutOfStock, "Out of stock", answer.Problem ?? ""),
            _ => ApiProblems.Conflict(answer.Problem ?? "The claim conflicts with what was recorded before."),
        };
    }

    private static async Task<IResult> RedeemCoupon(
        string couponCode, JsonBody<CouponRedemptionRequest> body, ClaimsPrincipal user, ICouponStore coupons, TimeProvider clock, IGrainFactory grains)
    {
        var orderId = body.Value.OrderId;
        var storefront = user.StorefrontId();
        var redemption = await coupons.RedeemAsync(couponCode, storefront, orderId, clock.GetUtcNow());
        if (redemption.Status is CouponRedemptionStatus.Redeemed or CouponRedemptionStatus.Duplicate)
        {
            // Counted before the answer: a retry of an answer lost in a crash counts it then, never twice.
            await grains.GetGrain<ICustomerGrain>(redemption.CustomerId!).CountCouponRedemption(
                new CouponRedemptionCommand(storefront, redemption.ClaimId!, orderId, redemption.RedeemedAt!.Value));
        }

        return redemption.Status switch
        {
            CouponRedemptionStatus.Redeemed or CouponRedemptionStatus.Duplicate => TypedResults.Ok(new CouponRedemptionResponse(
                couponCode, redemption.Value, redemption.Currency, orderId, redemption.RedeemedAt!.Value,
                redemption.Status == CouponRedemptionStatus.Duplicate)),
            CouponRedemptionStatus.AlreadyRedeemed => ApiProblems.Conflict(ProblemTypes.AlreadyRedeemed, "Coupon already redeemed",
                "This coupon was already redeemed for another order."),
            CouponRedemptionStatus.Expired => ApiProblems.Conflict(ProblemTypes.Expired, "Coupon expired",
                $"This coupon expired at {redemption.ExpiresAt:O}."),
            _ => ApiProblems.NotFound("No such coupon."),
        };
    }
}
