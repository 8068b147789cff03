using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Server.Campaigns;

/// <summary>A campaign as stored; absent optional terms are null. <paramref name="Version"/> counts its saved changes (1: never changed).</summary>
public sealed record CampaignResponse(
    string CampaignId,
    string Name,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    decimal? Multiplier,
    long? BonusPoints,
    IReadOnlyList<string>? Storefronts,
    IReadOnlyList<string>? Markets,
    decimal? MinAmount,
    bool FirstPurchaseOnly,
    int Version)
{
    public static CampaignResponse Of(Campaign campaign) => new(
        campaign.CampaignId,
        campaign.Name,
        campaign.StartsAt,
        campaign.EndsAt,
        campaign.Multiplier,
        campaign.BonusPoints,
        campaign.Storefronts,
        campaign.Markets,
        campaign.MinAmount,
        campaign.FirstPurchaseOnly,
        campaign.Version);
}

public sealed record CampaignListResponse(IReadOnlyList<CampaignResponse> Campaigns);
