namespace LoyaltyGrid.Domain.Campaigns;

/// <summary>
/// A time-boxed earning campaign (rules.md, "Campaigns"). It applies to a purchase whose
/// <c>occurredAt</c> is in [<paramref name="StartsAt"/>, <paramref name="EndsAt"/>), made at one of
/// <paramref name="Storefronts"/> in one of <paramref name="Markets"/> (null: any), of at least
/// <paramref name="MinAmount"/> in the reporting currency, and with
/// <paramref name="FirstPurchaseOnly"/> only to the customer's first purchase. It then raises the
/// tier points by <paramref name="Multiplier"/> (the highest of all applying campaigns wins) and
/// adds <paramref name="BonusPoints"/>. Every change of a campaign is a new <see cref="Version"/>
/// whose terms are kept for good: a purchase's journal entry names the versions that applied, and
/// replay earns by exactly those terms.
/// </summary>
public sealed record Campaign(
    string CampaignId,
    string Name,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    decimal? Multiplier = null,
    long? BonusPoints = null,
    IReadOnlyList<string>? Storefronts = null,
    IReadOnlyList<string>? Markets = null,
    decimal? MinAmount = null,
    bool FirstPurchaseOnly = false)
{
    /// <summary>The stored revision these terms are (1 for the first save); 0 for terms not saved yet.</summary>
    public int Version { get; init; }

    /// <summary>Whether this campaign applies to <paramref name="purchase"/>; every condition must hold.</summary>
    public bool AppliesTo(CampaignPurchase purchase) =>
        purchase.OccurredAt >= StartsAt
        && purchase.OccurredAt < EndsAt
        && Matches(Storefronts, purchase.Storefront)
        && Matches(Markets, purchase.Market)
        && purchase.ReportingAmount >= (MinAmount ?? 0m)
        && (!FirstPurchaseOnly || purchase.IsFirstPurchase);

    // An absent list matches every place; a present one only the places it names (an empty list none).
    private static bool Matches(IReadOnlyList<string>? allowed, string? value)
    {
        if (allowed is null)
        {
            return true;
        }

        if (value is null)
        {
            return false;
        }

        foreach (var entry in allowed)
        {
            if (string.Equals(entry, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
