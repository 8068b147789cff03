namespace LoyaltyGrid.Domain.Lifecycle;

/// <summary>
/// Repurchase state from the number of purchases and the age of the last one. Both limits are
/// inclusive: exactly 90 days is still "repeat", exactly 180 days is still "new"/"at-risk",
/// and "lapsed" starts the instant after ("over 180 days ago"). A purchase dated after now
/// (clock skew, an event from the future) has a negative age and counts as recent.
/// </summary>
public sealed class LifecyclePolicy
{
    private readonly LifecycleRules _rules;

    public LifecyclePolicy(LifecycleRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
    }

    public LifecycleStage StageOf(int purchases, DateTimeOffset? lastPurchaseAt, DateTimeOffset now)
    {
        if (purchases == 0 || lastPurchaseAt is not { } last)
        {
            return LifecycleStage.Prospect;
        }

        var age = now - last;
        if (age > _rules.LapsedAfter)
        {
            return LifecycleStage.Lapsed;
        }

        if (purchases == 1)
        {
            return LifecycleStage.New;
        }

        return age <= _rules.RepeatWithin ? LifecycleStage.Repeat : LifecycleStage.AtRisk;
    }

    /// <summary>When the stage will next change if no purchase arrives, or null if never.</summary>
    public DateTimeOffset? NextChangeAfter(int purchases, DateTimeOffset? lastPurchaseAt, DateTimeOffset now)
    {
        if (purchases == 0 || lastPurchaseAt is not { } last)
        {
            return null;
        }

        var current = StageOf(purchases, last, now);
        DateTimeOffset[] candidates =
        [
            (last + _rules.RepeatWithin).JustAfter(),
            (last + _rules.LapsedAfter).JustAfter(),
        ];

        foreach (var candidate in candidates)
        {
            if (candidate > now && StageOf(purchases, last, candidate) != current)
            {
                return candidate;
            }
        }

        return null;
    }
}
