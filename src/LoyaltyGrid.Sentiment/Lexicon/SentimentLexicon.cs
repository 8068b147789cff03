using System.Globalization;
using System.Reflection;

namespace LoyaltyGrid.Sentiment.Lexicon;

/// <summary>The lexicon of Lexicon/lexicon.tsv, embedded in the assembly so nothing is read from disk or network.</summary>
public sealed class SentimentLexicon
{
    private readonly Dictionary<string, LexiconEntry> _entries;

    private SentimentLexicon(Dictionary<string, LexiconEntry> entries)
    {
        _entries = entries;
        MaxPhraseWords = entries.Keys.Max(term => term.Count(c => c == ' ') + 1);
    }

    /// <summary>The most words an English phrase of the lexicon has.</summary>
    public int MaxPhraseWords { get; }

    public IEnumerable<LexiconEntry> Entries => _entries.Values;

    public LexiconEntry? Find(string term) => _entries.GetValueOrDefault(term);

    public static SentimentLexicon LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("LoyaltyGrid.Sentiment.Lexicon.lexicon.tsv")
            ?? throw new InvalidOperationException("The sentiment lexicon is not embedded in LoyaltyGrid.Sentiment.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static SentimentLexicon Parse(string text)
    {
        var entries = new Dictionary<string, LexiconEntry>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw new FormatException($"Lexicon line {lineNumber}: expected 'term<TAB>role'.");
            }
            var entry = ParseRole(parts[0], parts[1], lineNumber);
            if (!entries.TryAdd(entry.Term, entry))
            {
                throw new FormatException($"Lexicon line {lineNumber}: '{entry.Term}' is listed twice.");
            }
        }
        return new SentimentLexicon(entries);
    }

    private static LexiconEntry ParseRole(string term, string role, int lineNumber)
    {
        if (role == "negator")
        {
            return new LexiconEntry(term, LexiconRole.Negator, 0);
        }
        if (role == "contrast")
        {
            return new LexiconEntry(term, LexiconRole.Contrast, 0);
        }
        const string intensifier = "intensifier:";
        if (role.StartsWith(intensifier, StringComparison.Ordinal)
            && double.TryParse(role.AsSpan(intensifier.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor)
            && factor > 0)
        {
            return new LexiconEntry(term, LexiconRole.Intensifier, factor);
        }
        if (double.TryParse(role, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
        {
            return new LexiconEntry(term, LexiconRole.Sentiment, weight);
        }
        throw new FormatException($"Lexicon line {lineNumber}: unknown role '{role}'.");
    }
}
