using LoyaltyGrid.Cli.Simulate;
using LoyaltyGrid.Sentiment;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>The texts <c>simulate</c> writes: read by the server's labeller in the mood they were written in, and new.</summary>
public sealed class FeedbackTextsTests
{
    public static TheoryData<string, string, string, string> Texts()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (set, texts) in new[] { ("review", FeedbackTexts.Reviews), ("survey", FeedbackTexts.SurveyComments), ("spike", FeedbackTexts.SpikeNotes) })
        {
            foreach (var text in texts)
            {
                data.Add(set, text.Language, text.Mood, text.Text);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Each_text_is_labelled_in_the_mood_it_was_written_in(string set, string language, string mood, string text)
    {
        var result = SentimentAnalyzer.Default.Analyze(text);

        Assert.True(mood == result.Label.ToWire(), $"{set} ({language}) \"{text}\" was labelled {result.Label.ToWire()} (score {result.Score}), written {mood}");
        Assert.Equal(language == "en" ? TextLanguage.English : TextLanguage.Chinese, result.Language);
    }

    [Fact]
    public void Every_language_has_every_mood_for_reviews_and_survey_comments()
    {
        foreach (var texts in new[] { FeedbackTexts.Reviews, FeedbackTexts.SurveyComments })
        {
            foreach (var language in new[] { "en", "zh-Hans", "zh-Hant" })
            {
                foreach (var mood in new[] { FeedbackTexts.Positive, FeedbackTexts.Neutral, FeedbackTexts.Negative })
                {
                    Assert.Contains(texts, text => text.Language == language && text.Mood == mood);
                }
            }
        }
    }

    [Fact]
    public void No_text_is_taken_from_the_sentiment_evaluation_set()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "LoyaltyGrid.Sentiment.Tests", "Evaluation");
        var evaluated = Directory.GetFiles(folder, "*.tsv")
            .SelectMany(File.ReadAllLines)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 3)
            .Select(fields => fields[2].Trim())
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(evaluated.Count > 300, $"read only {evaluated.Count} evaluation sentences from {folder}");

        var ours = FeedbackTexts.Reviews.Concat(FeedbackTexts.SurveyComments).Concat(FeedbackTexts.SpikeNotes).Select(text => text.Text).ToList();
        Assert.All(ours, text => Assert.DoesNotContain(text, evaluated));
        Assert.Equal(ours.Count, ours.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(5, "positive")]
    [InlineData(4, "positive")]
    [InlineData(3, "neutral")]
    [InlineData(2, "negative")]
    [InlineData(1, "negative")]
    public void A_rating_decides_the_mood_of_a_review_or_a_csat_comment(int rating, string mood) =>
        Assert.Equal(mood, FeedbackTexts.MoodOfRating(rating));

    [Theory]
    [InlineData(10, "positive")]
    [InlineData(9, "positive")]
    [InlineData(8, "neutral")]
    [InlineData(7, "neutral")]
    [InlineData(6, "negative")]
    [InlineData(0, "negative")]
    public void An_nps_score_decides_the_mood_of_its_comment(int score, string mood) =>
        Assert.Equal(mood, FeedbackTexts.MoodOfNps(score));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoyaltyGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("LoyaltyGrid.sln not found above the test assembly.");
    }
}
