namespace LoyaltyGrid.Domain.Campaigns;

/// <summary>The earning rule of rules.md, "Campaigns": which campaigns apply, and what a purchase then earns.</summary>
public static class CampaignEarning
{
    /// <summary>
    /// The campaigns of <paramref name="candidates"/> that apply to <paramref name="purchase"/>, in
    /// the candidates' order. Allocates nothing when none applies: this runs on every purchase.
    /// </summary>
    public static IReadOnlyList<Campaign> Applying(IReadOnlyList<Campaign> candidates, CampaignPurchase purchase)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(purchase);
        List<Campaign>? applying = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].AppliesTo(purchase))
            {
                (applying ??= []).Add(candidates[i]);
            }
        }

        return applying ?? (IReadOnlyList<Campaign>)[];
    }

    /// <summary>
    /// <c>floor(reportingAmount × tierMultiplier × m) + Σ bonusPoints</c>, with <c>m</c> the highest
    /// multiplier among <paramref name="applying"/> (1 when none has one). Multipliers do not
    /// compound: two overlapping "double points" campaigns still double, not quadruple.
    /// </summary>
    public static long Points(decimal reportingAmount, decimal tierMultiplier, IReadOnlyList<Campaign> applying)
    {
        ArgumentNullException.ThrowIfNull(applying);
        var multiplier = 1m;
        var bonus = 0L;
        foreach (var campaign in applying)
        {
            if (campaign.Multiplier is { } m && m > multiplier)
            {
                multiplier = m;
            }

            bonus += campaign.BonusPoints ?? 0;
        }

        return (long)decimal.Floor(reportingAmount * tierMultiplier * multiplier) + bonus;
    }
}
