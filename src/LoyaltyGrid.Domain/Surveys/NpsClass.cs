namespace LoyaltyGrid.Domain.Surveys;

/// <summary>Where an NPS score falls (kpis.md, "Surveys and feedback").</summary>
public enum NpsClass
{
    Detractor,
    Passive,
    Promoter,
}
