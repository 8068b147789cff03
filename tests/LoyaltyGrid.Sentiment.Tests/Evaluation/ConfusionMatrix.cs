using System.Globalization;
using System.Text;

namespace LoyaltyGrid.Sentiment.Tests.Evaluation;

/// <summary>Counts of (expected, predicted) labels, and the markdown table docs/sentiment.md shows.</summary>
public sealed class ConfusionMatrix
{
    private static readonly SentimentLabel[] Order = [SentimentLabel.Positive, SentimentLabel.Neutral, SentimentLabel.Negative];
    private readonly int[,] _counts = new int[3, 3];

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public int this[SentimentLabel expected, SentimentLabel predicted] => _counts[(int)expected, (int)predicted];

    public void Add(SentimentLabel expected, SentimentLabel predicted)
    {
        _counts[(int)expected, (int)predicted]++;
        Total++;
        if (expected == predicted)
        {
            Correct++;
        }
    }

    public string ToMarkdown(string title)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{title}: {Correct}/{Total} = {Accuracy:P1}\n\n");
        text.Append("| expected \\ predicted | positive | neutral | negative |\n| --- | --- | --- | --- |\n");
        foreach (var expected in Order)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {expected.ToWire()} | {this[expected, SentimentLabel.Positive]} | {this[expected, SentimentLabel.Neutral]} | {this[expected, SentimentLabel.Negative]} |\n");
        }
        return text.ToString();
    }
}
