using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>
/// This silo's copy of every campaign, held in memory so that a purchase evaluates campaigns
/// without I/O or a lock: <see cref="Current"/> is an immutable list replaced as a whole when
/// campaigns change.
/// </summary>
public interface ICampaignCatalog
{
    IReadOnlyList<Campaign> Current { get; }

    /// <summary>Reads the stored campaigns now (after a change made through this process, so it sees its own write at once).</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
