using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>
/// The campaign catalog as of one revision: the latest version of every campaign saved up to
/// <paramref name="Number"/>, ordered by id. Every save is the next revision of the whole
/// catalog, so a purchase journals this one number and replay decides with exactly these
/// campaigns again, whatever was saved later. 0 is the empty catalog.
/// </summary>
public sealed record CatalogRevision(long Number, IReadOnlyList<Campaign> Campaigns)
{
    public static CatalogRevision Empty { get; } = new(0, []);
}

/// <summary>One saved version of a campaign and the catalog revision its save made.</summary>
public sealed record CampaignRevision(long Revision, Campaign Terms);
