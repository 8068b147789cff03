using LoyaltyGrid.Sentiment;

namespace LoyaltyGrid.Grains.Feedback;

/// <summary>The wire label of a feedback text when it is accepted (rules.md, "Feedback sentiment"); null without text.</summary>
public static class FeedbackSentiment
{
    public static string? Of(string? text) => SentimentAnalyzer.Default.Label(text)?.ToWire();
}
