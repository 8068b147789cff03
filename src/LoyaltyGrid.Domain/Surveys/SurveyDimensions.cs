namespace LoyaltyGrid.Domain.Surveys;

/// <summary>The dimension names the survey and sentiment KPI counters are kept under.</summary>
public static class SurveyDimensions
{
    public const string Promoter = "promoter";
    public const string Passive = "passive";
    public const string Detractor = "detractor";
    public const string Satisfied = "satisfied";
    public const string Unsatisfied = "unsatisfied";
    public const string Positive = "positive";
    public const string Neutral = "neutral";
    public const string Negative = "negative";

    public static IReadOnlyList<string> Labels { get; } = [Positive, Neutral, Negative];

    public static string Of(NpsClass nps) => nps switch
    {
        NpsClass.Promoter => Promoter,
        NpsClass.Passive => Passive,
        _ => Detractor,
    };
}
