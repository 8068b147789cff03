namespace LoyaltyGrid.Sentiment.Lexicon;

/// <summary>One line of the lexicon: a sentiment weight, or a modifier and its factor.</summary>
public sealed record LexiconEntry(string Term, LexiconRole Role, double Value);
