namespace LoyaltyGrid.Sentiment.Lexicon;

public enum LexiconRole
{
    Sentiment,
    Negator,
    Intensifier,
    Contrast,
}
