using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Surveys;
using static LoyaltyGrid.Domain.Tests.Kpis.KpiText;

namespace LoyaltyGrid.Domain.Tests.Kpis;

/// <summary>kpis.md, "Surveys and feedback": nps, surveyCsat and sentiment per bucket and live window.</summary>
public class FeedbackKpiTests
{
    private static readonly DateTimeOffset Now = Utc("2026-03-10T15:30:20Z");

    [Fact]
    public void A_new_scope_reads_no_surveys_and_no_labels()
    {
        var period = KpiAggregate.For(KpiScope.Grid).Snapshot(Now).AllTime;

        Assert.Equal((0m, 0L, 0L, 0L, 0L, 0m, 0L), (period.Nps, period.NpsResponses, period.Promoters, period.Passives, period.Detractors, period.SurveyCsat, period.CsatResponses));
        Assert.Equal(KpiSentimentCounts.None, period.Sentiment);
    }

    [Fact]
    public void Survey_responses_and_labels_read_per_bucket_and_in_the_live_windows()
    {
        var aggregate = KpiAggregate.For(KpiScope.Storefront("s1"));
        var today = Utc("2026-03-10T09:00:00Z");
        var lastMonth = Utc("2026-02-10T09:00:00Z");
        Apply(aggregate, Now,
            KpiFacts.Survey("s1", null, today, SurveyKind.Nps, 10),
            KpiFacts.Survey("s1", null, today, SurveyKind.Nps, 9),
            KpiFacts.Survey("s1", null, today, SurveyKind.Nps, 7),
            KpiFacts.Survey("s1", null, today, SurveyKind.Nps, 3),
            KpiFacts.Survey("s1", null, lastMonth, SurveyKind.Nps, 0),
            KpiFacts.Survey("s1", null, today, SurveyKind.Csat, 5),
            KpiFacts.Survey("s1", null, today, SurveyKind.Csat, 2),
            KpiFacts.Survey("s1", null, lastMonth, SurveyKind.Csat, 4),
            KpiFacts.Sentiment("s1", null, today, "positive"),
            KpiFacts.Sentiment("s1", null, today, "negative"),
            KpiFacts.Sentiment("s1", null, today, "negative"),
            KpiFacts.Sentiment("s1", null, today, "neutral"),
            KpiFacts.Sentiment("s1", null, lastMonth, "positive"),
            KpiFacts.Sentiment("s1", null, today, null));

        var snapshot = aggregate.Snapshot(Now);

        Assert.Equal((25m, 4L, 2L, 1L, 1L), (snapshot.Today.Nps, snapshot.Today.NpsResponses, snapshot.Today.Promoters, snapshot.Today.Passives, snapshot.Today.Detractors));
        Assert.Equal((0m, 5L, 2L, 1L, 2L), (snapshot.AllTime.Nps, snapshot.AllTime.NpsResponses, snapshot.AllTime.Promoters, snapshot.AllTime.Passives, snapshot.AllTime.Detractors));
        Assert.Equal((0.5m, 2L), (snapshot.Today.SurveyCsat, snapshot.Today.CsatResponses));
        Assert.Equal((2m / 3, 3L), (snapshot.AllTime.SurveyCsat, snapshot.AllTime.CsatResponses));
        Assert.Equal(new KpiSentimentCounts(1, 1, 2, 0.5m), snapshot.Today.Sentiment);
        Assert.Equal(new KpiSentimentCounts(2, 1, 2, 0.4m), snapshot.AllTime.Sentiment);
        // The live windows count by acceptance time, so last month's answers accepted now are in them too.
        Assert.Equal((0m, 5L), (snapshot.Live.Last5m.Nps, snapshot.Live.Last5m.NpsResponses));
        Assert.Equal(new KpiSentimentCounts(2, 1, 2, 0.4m), snapshot.Live.Last60m.Sentiment);
    }

    [Theory]
    [InlineData(SurveyKind.Nps, -1)]
    [InlineData(SurveyKind.Nps, 11)]
    [InlineData(SurveyKind.Csat, 0)]
    [InlineData(SurveyKind.Csat, 6)]
    public void A_score_outside_its_kind_is_refused(SurveyKind kind, int score) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KpiFacts.Survey("s1", null, Now, kind, score));

    [Fact]
    public void An_unknown_label_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KpiFacts.Sentiment("s1", null, Now, "angry"));

    private static void Apply(KpiAggregate aggregate, DateTimeOffset acceptedAt, params IEnumerable<KpiDelta>[] batches) =>
        aggregate.Apply(batches.SelectMany(batch => batch).Where(delta => delta.Scope.Key == aggregate.Scope), acceptedAt);
}
