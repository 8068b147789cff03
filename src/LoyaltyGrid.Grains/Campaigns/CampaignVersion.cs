namespace LoyaltyGrid.Grains.Campaigns;

/// <summary>
/// Names one saved revision of a campaign. A purchase journals these instead of the terms: a few
/// dozen bytes per campaign instead of the whole terms, which every projection reading the
/// journal would otherwise carry (ten campaigns cost a quarter of a purchase's CPU, profiled).
/// </summary>
public sealed record CampaignVersion(string CampaignId, int Version);
