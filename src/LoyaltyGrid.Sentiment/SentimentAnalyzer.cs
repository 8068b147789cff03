using LoyaltyGrid.Sentiment.Lexicon;
using LoyaltyGrid.Sentiment.Text;

namespace LoyaltyGrid.Sentiment;

/// <summary>
/// Lexicon and rules (docs/sentiment.md): the weights of the sentiment words and phrases of a text are summed,
/// each scaled by the intensifiers before it and flipped by a negator before it in its clause; a contrast word
/// halves everything said before it. A sum of at least <see cref="Threshold"/> is positive, at most its negative
/// is negative, anything between neutral. Deterministic: same text, same label, on any machine.
/// </summary>
public sealed class SentimentAnalyzer
{
    /// <summary>How far the sum must be from zero for a label other than neutral: one mild word, half-strength.</summary>
    public const double Threshold = 0.5;

    /// <summary>A negated positive word ("not good") is nearly as negative as the word was positive.</summary>
    public const double NegatedPositive = 0.8;

    /// <summary>A negated negative word ("not bad", "沒有問題") is only mildly positive.</summary>
    public const double NegatedNegative = 0.5;

    /// <summary>What a contrast word ("but", "但是") leaves of what was said before it.</summary>
    public const double BeforeContrast = 0.5;

    /// <summary>How many words after it a negator or intensifier still reaches.</summary>
    public const int ModifierReach = 3;

    private static readonly string[] EnglishSuffixes = ["s", "es", "ed", "d", "ing"];
    private static readonly Lazy<SentimentAnalyzer> Shared = new(() => new SentimentAnalyzer(SentimentLexicon.LoadEmbedded()));

    private readonly SentimentLexicon _lexicon;
    private readonly Tokenizer _tokenizer;

    public SentimentAnalyzer(SentimentLexicon lexicon)
    {
        _lexicon = lexicon;
        _tokenizer = new Tokenizer(new ChineseSegmenter(lexicon));
    }

    /// <summary>The analyzer over the embedded lexicon, built once per process (jieba's dictionary takes a moment).</summary>
    public static SentimentAnalyzer Default => Shared.Value;

    /// <summary>The label of an optional text: null without text, as api.md has it.</summary>
    public SentimentLabel? Label(string? text) => string.IsNullOrWhiteSpace(text) ? null : Analyze(text).Label;

    public SentimentResult Analyze(string text)
    {
        var language = Scripts.Detect(text);
        if (language == TextLanguage.Unsupported)
        {
            return new SentimentResult(SentimentLabel.Neutral, 0, language);
        }
        var total = 0.0;
        foreach (var clause in _tokenizer.Clauses(text))
        {
            total = ScoreClause(Expand(clause), total);
        }
        var label = total >= Threshold ? SentimentLabel.Positive
            : total <= -Threshold ? SentimentLabel.Negative
            : SentimentLabel.Neutral;
        return new SentimentResult(label, Math.Round(total, 6), language);
    }

    private double ScoreClause(IReadOnlyList<Token> tokens, double total)
    {
        var negated = false;
        var factor = 1.0;
        var reach = 0;
        var i = 0;
        while (i < tokens.Count)
        {
            var (entry, length) = Match(tokens, i);
            i += length;
            if (entry is null)
            {
                if (reach > 0 && --reach == 0)
                {
                    negated = false;
                    factor = 1.0;
                }
                continue;
            }
            switch (entry.Role)
            {
                case LexiconRole.Negator:
                    negated = !negated;
                    reach = ModifierReach;
                    break;
                case LexiconRole.Intensifier:
                    factor *= entry.Value;
                    reach = ModifierReach;
                    break;
                case LexiconRole.Contrast:
                    total *= BeforeContrast;
                    negated = false;
                    factor = 1.0;
                    reach = 0;
                    break;
                default:
                    var value = entry.Value * factor;
                    if (negated)
                    {
                        value = -value * (value > 0 ? NegatedPositive : NegatedNegative);
                    }
                    total += value;
                    negated = false;
                    factor = 1.0;
                    reach = 0;
                    break;
            }
        }
        return total;
    }

    /// <summary>The longest lexicon term starting at <paramref name="start"/>, and how many tokens it covers.</summary>
    private (LexiconEntry? Entry, int Length) Match(IReadOnlyList<Token> tokens, int start)
    {
        for (var length = Math.Min(_lexicon.MaxPhraseWords, tokens.Count - start); length > 1; length--)
        {
            var span = tokens.Skip(start).Take(length).ToList();
            var separator = span.All(t => t.Han) ? "" : " ";
            if (_lexicon.Find(string.Join(separator, span.Select(t => t.Text))) is { } phrase)
            {
                return (phrase, length);
            }
        }
        var token = tokens[start];
        return (token.Han ? _lexicon.Find(token.Text) : FindEnglish(token.Text), 1);
    }

    private LexiconEntry? FindEnglish(string word)
    {
        if (_lexicon.Find(word) is { } exact)
        {
            return exact;
        }
        foreach (var suffix in EnglishSuffixes)
        {
            if (word.Length > suffix.Length + 2 && word.EndsWith(suffix, StringComparison.Ordinal)
                && _lexicon.Find(word[..^suffix.Length]) is { Role: LexiconRole.Sentiment } stem)
            {
                return stem;
            }
        }
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal)
            && _lexicon.Find(word[..^3] + "e") is { Role: LexiconRole.Sentiment } silentE)
        {
            return silentE;
        }
        return null;
    }

    /// <summary>
    /// jieba sometimes keeps a negator or intensifier glued to the word it modifies ("不满意", "太失望"); such a
    /// word, when the lexicon lacks it, is split into the modifiers and the lexicon word they modify.
    /// </summary>
    private List<Token> Expand(IReadOnlyList<Token> clause)
    {
        var expanded = new List<Token>(clause.Count);
        foreach (var token in clause)
        {
            if (token.Han && token.Text.Length > 1 && _lexicon.Find(token.Text) is null && SplitModifiers(token.Text) is { } parts)
            {
                expanded.AddRange(parts.Select(p => new Token(p, Han: true)));
            }
            else
            {
                expanded.Add(token);
            }
        }
        return expanded;
    }

    private List<string>? SplitModifiers(string word)
    {
        for (var cut = 1; cut < word.Length; cut++)
        {
            if (_lexicon.Find(word[..cut]) is not { Role: LexiconRole.Negator or LexiconRole.Intensifier })
            {
                continue;
            }
            var rest = word[cut..];
            if (_lexicon.Find(rest) is { Role: LexiconRole.Sentiment })
            {
                return [word[..cut], rest];
            }
            if (SplitModifiers(rest) is { } deeper)
            {
                return [word[..cut], .. deeper];
            }
        }
        return null;
    }
}
