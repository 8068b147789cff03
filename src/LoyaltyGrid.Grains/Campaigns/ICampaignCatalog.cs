using System.Diagnostics.CodeAnalysis;
using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>
/// This silo's copy of every campaign, held in memory so that a purchase evaluates campaigns
/// without I/O or a lock: <see cref="Current"/> is an immutable list replaced as a whole when
/// campaigns change. Every earlier version stays findable, for replay.
/// </summary>
public interface ICampaignCatalog
{
    /// <summary>The latest version of every campaign.</summary>
    IReadOnlyList<Campaign> Current { get; }

    /// <summary>The terms of one saved version, if this silo has read it (a version saved moments ago elsewhere may need <see cref="RefreshAsync"/>).</summary>
    bool TryFind(CampaignVersion version, [NotNullWhen(true)] out Campaign? terms);

    /// <summary>Reads the stored campaigns now (after a change made through this process, so it sees its own write at once).</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);
}
