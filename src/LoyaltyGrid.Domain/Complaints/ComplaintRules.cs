namespace LoyaltyGrid.Domain.Complaints;

/// <summary>The <c>Loyalty:Complaints</c> section: service targets, counted in event time.</summary>
public sealed class ComplaintRules
{
    public int FirstResponseHours { get; set; } = 24;

    public int ResolutionHours { get; set; } = 72;

    public TimeSpan FirstResponseTarget => TimeSpan.FromHours(FirstResponseHours);

    public TimeSpan ResolutionTarget => TimeSpan.FromHours(ResolutionHours);

    internal void Validate(string prefix, List<string> problems)
    {
        if (FirstResponseHours is <= 0 or > LoyaltyRules.MaxHours)
        {
            problems.Add($"{prefix}:FirstResponseHours must be between 1 and {LoyaltyRules.MaxHours} (it was {FirstResponseHours}).");
        }

        if (ResolutionHours is <= 0 or > LoyaltyRules.MaxHours)
        {
            problems.Add($"{prefix}:ResolutionHours must be between 1 and {LoyaltyRules.MaxHours} (it was {ResolutionHours}).");
        }
    }
}
