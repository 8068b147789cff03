using System.Globalization;
using Xunit.Abstractions;

namespace LoyaltyGrid.Sentiment.Tests.Evaluation;

/// <summary>
/// The accuracy docs/sentiment.md reports, per language, on the evaluation set; the floors are those figures
/// rounded down, so a lexicon or rule change that makes things worse fails here.
/// </summary>
public sealed class EvaluationTests(ITestOutputHelper output)
{
    public static TheoryData<string, double> Floors => new()
    {
        { "en", 0.96 },
        { "zh-Hans", 0.94 },
        { "zh-Hant", 0.94 },
    };

    [Theory]
    [MemberData(nameof(Floors))]
    public void Accuracy_per_language_is_at_least_what_the_docs_report(string language, double floor)
    {
        var matrix = new ConfusionMatrix();
        foreach (var sentence in EvaluationSet.Load().Where(s => s.Language == language))
        {
            var predicted = SentimentAnalyzer.Default.Analyze(sentence.Text);
            matrix.Add(sentence.Label, predicted.Label);
            if (predicted.Label != sentence.Label)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"miss: expected {sentence.Label.ToWire()}, got {predicted.Label.ToWire()} ({predicted.Score}): {sentence.Text}"));
            }
        }
        output.WriteLine(matrix.ToMarkdown(language));
        Assert.True(matrix.Accuracy >= floor, $"{language}: accuracy {matrix.Accuracy:P1} is below the reported {floor:P0}.");
    }

    [Fact]
    public void The_set_has_at_least_300_sentences_balanced_across_languages_and_labels()
    {
        var set = EvaluationSet.Load();
        Assert.True(set.Count >= 300, $"{set.Count} sentences");
        var cells = set.GroupBy(s => (s.Language, s.Label)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(9, cells.Count);
        Assert.Equal(cells.Values.Min(), cells.Values.Max());
        Assert.Equal(set.Count, set.Select(s => s.Text).Distinct().Count());
    }

    [Fact]
    public void Overall_accuracy_is_printed_for_the_docs()
    {
        var overall = new ConfusionMatrix();
        foreach (var sentence in EvaluationSet.Load())
        {
            overall.Add(sentence.Label, SentimentAnalyzer.Default.Analyze(sentence.Text).Label);
        }
        output.WriteLine(overall.ToMarkdown("all"));
        Assert.Equal(EvaluationSet.Load().Count, overall.Total);
    }
}
