namespace LoyaltyGrid.Sentiment.Text;

/// <summary>A word of a clause: English words lower-cased, Chinese words as jieba cut them.</summary>
public readonly record struct Token(string Text, bool Han);
