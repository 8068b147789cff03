namespace LoyaltyGrid.Domain.Lifecycle;

/// <summary>
/// The <c>Loyalty:Lifecycle</c> section. rules.md uses 180 days both for "new" and for
/// "lapsed"; they are one setting here so no customer can fall between two states.
/// </summary>
public sealed class LifecycleRules
{
    /// <summary>A repeat customer whose last purchase is at most this old is "repeat".</summary>
    public int RepeatWithinDays { get; set; } = 90;

    /// <summary>A last purchase older than this is "lapsed"; up to it, "new" or "at-risk".</summary>
    public int LapsedAfterDays { get; set; } = 180;

    public TimeSpan RepeatWithin => TimeSpan.FromDays(RepeatWithinDays);

    public TimeSpan LapsedAfter => TimeSpan.FromDays(LapsedAfterDays);

    internal void Validate(string prefix, List<string> problems)
    {
        if (RepeatWithinDays is <= 0 or > LoyaltyRules.MaxDays)
        {
            problems.Add($"{prefix}:RepeatWithinDays must be between 1 and {LoyaltyRules.MaxDays} (it was {RepeatWithinDays}).");
        }

        if (LapsedAfterDays <= RepeatWithinDays || LapsedAfterDays > LoyaltyRules.MaxDays)
        {
            problems.Add($"{prefix}:LapsedAfterDays must be greater than RepeatWithinDays ({RepeatWithinDays}) and at most {LoyaltyRules.MaxDays} (it was {LapsedAfterDays}).");
        }
    }
}
