using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>Where campaigns are kept (migration 0031).</summary>
public interface ICampaignStore
{
    /// <summary>Creates or replaces the campaign, and announces the change to every silo in the same transaction.</summary>
    Task SaveAsync(Campaign campaign, DateTimeOffset savedAt, CancellationToken cancellationToken = default);

    /// <summary>Every campaign, ordered by id.</summary>
    Task<IReadOnlyList<Campaign>> ReadAllAsync(CancellationToken cancellationToken = default);
}
