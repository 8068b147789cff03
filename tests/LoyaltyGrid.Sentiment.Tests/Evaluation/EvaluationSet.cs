namespace LoyaltyGrid.Sentiment.Tests.Evaluation;

/// <summary>The labelled sentences of Evaluation/*.tsv (language, label, sentence), written for this project.</summary>
public static class EvaluationSet
{
    public static IReadOnlyList<LabelledSentence> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Evaluation");
        var sentences = new List<LabelledSentence>();
        foreach (var file in Directory.GetFiles(folder, "*.tsv").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                var parts = line.Split('\t');
                var label = SentimentLabels.FromWire(parts[1]) ?? throw new FormatException($"{file}: bad label in '{line}'");
                sentences.Add(new LabelledSentence(parts[0], label, parts[2]));
            }
        }
        return sentences;
    }
}
