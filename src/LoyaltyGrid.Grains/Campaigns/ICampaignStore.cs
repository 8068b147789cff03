using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>Where campaigns and every version of their terms are kept (migrations 0031, 0043, 0044).</summary>
public interface ICampaignStore
{
    /// <summary>
    /// Stores the terms as the campaign's next version and the catalog's next revision (unless
    /// they equal the latest), and announces the change to every silo in the same transaction.
    /// Answers the version that now holds.
    /// </summary>
    Task<Campaign> SaveAsync(Campaign campaign, DateTimeOffset savedAt, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every campaign, ordered by id.</summary>
    Task<IReadOnlyList<Campaign>> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every version of every campaign, by revision, read at once: every revision up to the
    /// highest one read is among them (saves commit in revision order).
    /// </summary>
    Task<IReadOnlyList<CampaignRevision>> ReadAllRevisionsAsync(CancellationToken cancellationToken = default);
}
