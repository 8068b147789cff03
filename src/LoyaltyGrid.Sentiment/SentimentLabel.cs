namespace LoyaltyGrid.Sentiment;

/// <summary>The label a feedback text gets when accepted (rules.md, "Feedback sentiment").</summary>
public enum SentimentLabel
{
    Neutral = 0,
    Positive = 1,
    Negative = 2,
}

public static class SentimentLabels
{
    /// <summary>The wire form of api.md: "positive", "neutral", "negative".</summary>
    public static string ToWire(this SentimentLabel label) => label switch
    {
        SentimentLabel.Positive => "positive",
        SentimentLabel.Negative => "negative",
        _ => "neutral",
    };

    public static SentimentLabel? FromWire(string? wire) => wire switch
    {
        "positive" => SentimentLabel.Positive,
        "negative" => SentimentLabel.Negative,
        "neutral" => SentimentLabel.Neutral,
        _ => null,
    };
}
