using LoyaltyGrid.Domain.Prediction;

namespace LoyaltyGrid.Grains.Prediction;

/// <summary>Where the repurchase model reads customer summaries from and keeps its fits (migration 0007).</summary>
public interface IRepurchaseModelStore
{
    /// <summary>
    /// Every customer's (x, t_x, T) at <paramref name="asOf"/>, from the purchases stored in
    /// customer grain state before it; customers without such a purchase are left out.
    /// </summary>
    Task<IReadOnlyList<RepeatSummary>> ReadSummariesAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default);

    Task SaveAsync(RepurchaseModelFit fit, CancellationToken cancellationToken = default);

    Task<RepurchaseModelFit?> LatestAsync(CancellationToken cancellationToken = default);
}
