namespace LoyaltyGrid.Sentiment.Tests.Evaluation;

public sealed record LabelledSentence(string Language, SentimentLabel Label, string Text);
