namespace LoyaltyGrid.Domain.Tiers;

/// <summary>The <c>Loyalty:Tiers</c> section: one threshold and multiplier per tier.</summary>
public sealed class TierTable
{
    public TierRule Member { get; set; } = new() { Threshold = 0m, Multiplier = 1.0m };

    public TierRule Silver { get; set; } = new() { Threshold = 500m, Multiplier = 1.25m };

    public TierRule Gold { get; set; } = new() { Threshold = 2_000m, Multiplier = 1.5m };

    public TierRule Platinum { get; set; } = new() { Threshold = 5_000m, Multiplier = 2.0m };

    public TierRule RuleOf(Tier tier) => tier switch
    {
        Tier.Member => Member,
        Tier.Silver => Silver,
        Tier.Gold => Gold,
        Tier.Platinum => Platinum,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier."),
    };

    internal void Validate(string prefix, List<string> problems)
    {
        TierRule? below = null;
        var belowName = "";
        foreach (var tier in Enum.GetValues<Tier>())
        {
            var key = $"{prefix}:{tier}";
            var rule = RuleOf(tier);
            if (rule is null)
            {
                problems.Add($"{key} must be present.");
                continue;
            }

            if (below is null)
            {
                // Net spend in a window can be negative (a refund whose purchase aged out),
                // so the lowest tier has to start at 0 to cover every customer.
                if (rule.Threshold != 0m)
                {
                    problems.Add($"{key}:Threshold must be 0 (it was {rule.Threshold}).");
                }
            }
            else if (rule.Threshold <= below.Threshold)
            {
                problems.Add($"{key}:Threshold must be ≥ 0 and above {belowName}'s {below.Threshold} (it was {rule.Threshold}).");
            }

            if (rule.Multiplier < 0m || (below is not null && rule.Multiplier < below.Multiplier))
            {
                var floor = below is null ? "" : $" and at least {belowName}'s {below.Multiplier}";
                problems.Add($"{key}:Multiplier must be ≥ 0{floor} (it was {rule.Multiplier}).");
            }

            below = rule;
            belowName = tier.ToString();
        }
    }
}

public sealed class TierRule
{
    /// <summary>Net spend in the reporting currency from which the tier applies.</summary>
    public decimal Threshold { get; set; }

    /// <summary>Points per reporting-currency unit spent while in the tier.</summary>
    public decimal Multiplier { get; set; } = 1m;
}
