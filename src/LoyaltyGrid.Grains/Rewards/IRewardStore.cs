namespace LoyaltyGrid.Grains.Rewards;

/// <summary>Where rewards, claim decisions and coupons are kept (migration 0030).</summary>
public interface IRewardStore
{
    Task<RewardView?> LoadAsync(string rewardId, CancellationToken cancellationToken = default);

    Task<RewardView> SaveAsync(string rewardId, RewardTerms terms, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: records the claim's decision unless one is stored (then returns that),
    /// and when stock is left takes one unit and stores the coupon. Also returns the stock left.
    /// </summary>
    Task<(bool Taken, long? Remaining)> TakeAsync(string rewardId, StockRequest request, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Active rewards, by id.</summary>
    Task<IReadOnlyList<RewardView>> ListActiveAsync(CancellationToken cancellationToken = default);
}
