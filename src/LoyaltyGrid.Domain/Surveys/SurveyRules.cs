namespace LoyaltyGrid.Domain.Surveys;

/// <summary>What a survey score may be and what it counts as (api.md, kpis.md).</summary>
public static class SurveyRules
{
    public static string ToApiName(this SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => "nps",
        SurveyKind.Csat => "csat",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown survey kind."),
    };

    public static bool TryParse(string? name, out SurveyKind kind)
    {
        switch (name)
        {
            case "nps":
                kind = SurveyKind.Nps;
                return true;
            case "csat":
                kind = SurveyKind.Csat;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>NPS asks 0–10 ("how likely are you to recommend us"), CSAT 1–5.</summary>
    public static (int Min, int Max) ScoreRange(SurveyKind kind) => kind switch
    {
        SurveyKind.Nps => (0, 10),
        SurveyKind.Csat => (1, 5),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown survey kind."),
    };

    public static bool IsValidScore(SurveyKind kind, int score) =>
        ScoreRange(kind) is var (min, max) && score >= min && score <= max;

    /// <summary>Promoters score 9–10, passives 7–8, detractors 0–6.</summary>
    public static NpsClass NpsClassOf(int score)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 10);
        return score >= 9 ? NpsClass.Promoter : score >= 7 ? NpsClass.Passive : NpsClass.Detractor;
    }

    /// <summary>A CSAT response counts as satisfied at 4 or 5, as a review does for csat.</summary>
    public static bool IsSatisfied(int csatScore)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(csatScore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csatScore, 5);
        return csatScore >= 4;
    }

    /// <summary>100 × (promoters − detractors) / responses, in [−100, 100]; 0 without responses.</summary>
    public static decimal Nps(long promoters, long detractors, long responses) =>
        responses == 0 ? 0 : 100m * (promoters - detractors) / responses;
}
