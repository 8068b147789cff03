namespace LoyaltyGrid.Grains.Rewards;

/// <summary>
/// One reward of the catalogue (keyed by reward id): the only writer of its row, its stock and
/// the stock decisions of the claims made against it.
/// </summary>
public interface IRewardGrain : IGrainWithStringKey
{
    /// <summary>Creates or changes the reward; coupons already issued keep the terms they were issued with.</summary>
    Task<RewardView> Put(RewardTerms terms);

    /// <summary>The reward as stored now; null when it was never created.</summary>
    Task<RewardView?> Get();

    /// <summary>
    /// Decides once, durably, whether the claim gets a unit of stock; taken means its coupon is
    /// stored in the same transaction. Asking again for the same claim returns the stored decision.
    /// </summary>
    Task<StockDecision> Take(StockRequest request);
}
