namespace LoyaltyGrid.Domain.Campaigns;

/// <summary>
/// What a campaign looks at in a purchase. <paramref name="IsFirstPurchase"/>: the customer had
/// accepted no purchase before this one arrived (judged, like every rule, against what the
/// account had accepted when the event arrived, so a late purchase is not "first" after the fact).
/// </summary>
public sealed record CampaignPurchase(
    string? Storefront,
    string? Market,
    DateTimeOffset OccurredAt,
    decimal ReportingAmount,
    bool IsFirstPurchase);
