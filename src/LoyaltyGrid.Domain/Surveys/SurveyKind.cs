namespace LoyaltyGrid.Domain.Surveys;

/// <summary>The survey kinds of api.md, <c>POST /surveys</c>.</summary>
public enum SurveyKind
{
    Nps,
    Csat,
}
