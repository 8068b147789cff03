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
        if (FirstResponseHours <= 0)
        {
            problems.Add($"{prefix}:FirstResponseHours must be greater than 0 (it was {FirstResponseHours}).");
        }

        if (ResolutionHours <= 0)
        {
            problems.Add($"{prefix}:ResolutionHours must be greater than 0 (it was {ResolutionHours}).");
        }
    }
}
