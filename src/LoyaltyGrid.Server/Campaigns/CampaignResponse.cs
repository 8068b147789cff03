using LoyaltyGrid.Domain.Campaigns;

namespace LoyaltyGrid.Server.Campaigns;

/// <summary>A campaign as stored; absent optional terms are null.</summary>
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
    bool FirstPurchaseOnly)
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
        campaign.FirstPurchaseOnly);
}

public sealed record CampaignListResponse(IReadOnlyList<CampaignResponse> Campaigns);
