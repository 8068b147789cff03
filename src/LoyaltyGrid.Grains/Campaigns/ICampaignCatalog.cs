using System.Diagnostics.CodeAnalysis;
using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>
/// This silo's copy of every campaign, held in memory so that a purchase evaluates campaigns
/// without I/O or a lock: <see cref="Current"/> is immutable and replaced as a whole when
/// campaigns change. Every earlier revision stays findable, for replay.
/// </summary>
public interface ICampaignCatalog
{
    /// <summary>The latest version of every campaign, as of the newest revision this silo has read.</summary>
    CatalogRevision Current { get; }

    /// <summary>
    /// The catalog as of an earlier (or the current) revision, if this silo has read that far
    /// (one saved moments ago elsewhere may need <see cref="RefreshAsync"/>).
    /// </summary>
    bool TryAsOf(long revision, [NotNullWhen(true)] out CatalogRevision? catalog);

    /// <summary>
    /// The terms of one saved version, for purchases journaled by version (between migrations
    /// 0043 and 0044); same caveat as <see cref="TryAsOf"/>.
    /// </summary>
    bool TryFind(CampaignVersion version, [NotNullWhen(true)] out Campaign? terms);

    /// <summary>Reads the stored campaigns now (after a change made through this process, so it sees its own write at once).</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
