using LoyaltyGrid.Domain.Surveys;

namespace LoyaltyGrid.Domain.Tests.Surveys;

public class SurveyRulesTests
{
    [Theory]
    [InlineData(SurveyKind.Nps, -1, false)]
    [InlineData(SurveyKind.Nps, 0, true)]
    [InlineData(SurveyKind.Nps, 6, true)]
    [InlineData(SurveyKind.Nps, 10, true)]
    [InlineData(SurveyKind.Nps, 11, false)]
    [InlineData(SurveyKind.Csat, 0, false)]
    [InlineData(SurveyKind.Csat, 1, true)]
    [InlineData(SurveyKind.Csat, 5, true)]
    [InlineData(SurveyKind.Csat, 6, false)]
    public void A_score_is_valid_only_in_the_range_of_its_kind(SurveyKind kind, int score, bool valid) =>
        Assert.Equal(valid, SurveyRules.IsValidScore(kind, score));

    public static TheoryData<int, NpsClass> NpsClasses()
    {
        var data = new TheoryData<int, NpsClass>();
        for (var score = 0; score <= 10; score++)
        {
            data.Add(score, score >= 9 ? NpsClass.Promoter : score >= 7 ? NpsClass.Passive : NpsClass.Detractor);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NpsClasses))]
    public void Every_nps_score_has_its_class(int score, NpsClass expected) => Assert.Equal(expected, SurveyRules.NpsClassOf(score));

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    public void A_csat_response_is_satisfied_at_4_or_5(int score, bool satisfied) => Assert.Equal(satisfied, SurveyRules.IsSatisfied(score));

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(1, 0, 1, 100)]
    [InlineData(0, 1, 1, -100)]
    [InlineData(2, 1, 4, 25)]
    [InlineData(1, 1, 3, 0)]
    public void Nps_is_100_times_promoters_minus_detractors_over_responses(long promoters, long detractors, long responses, decimal expected) =>
        Assert.Equal(expected, SurveyRules.Nps(promoters, detractors, responses));

    [Fact]
    public void Nps_keeps_full_precision_for_the_http_layer_to_round() => Assert.Equal(100m / 3, SurveyRules.Nps(1, 0, 3));

    [Theory]
    [InlineData("nps", true, SurveyKind.Nps)]
    [InlineData("csat", true, SurveyKind.Csat)]
    [InlineData("NPS", false, default(SurveyKind))]
    [InlineData("ces", false, default(SurveyKind))]
    [InlineData(null, false, default(SurveyKind))]
    public void Kinds_parse_by_their_api_names(string? name, bool known, SurveyKind kind)
    {
        Assert.Equal(known, SurveyRules.TryParse(name, out var parsed));
        if (known)
        {
            Assert.Equal(kind, parsed);
            Assert.Equal(name, parsed.ToApiName());
        }
    }
}
