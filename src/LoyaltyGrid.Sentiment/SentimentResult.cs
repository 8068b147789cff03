namespace LoyaltyGrid.Sentiment;

/// <summary>A label with what it was decided from, for tests and for explaining a label.</summary>
public sealed record SentimentResult(SentimentLabel Label, double Score, TextLanguage Language);
