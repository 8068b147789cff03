namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>
/// Names one saved version of a campaign. Purchases journaled between migrations 0043 and 0044
/// name the versions that applied this way; newer ones journal a <see cref="CatalogRevision"/>
/// number instead, which is shorter still (ten names were ~370 bytes of a ~1,570-byte row).
/// </summary>
public sealed record CampaignVersion(string CampaignId, int Version);
