namespace LoyaltyGrid.Sentiment.Tests;

/// <summary>The rules of docs/sentiment.md, one example each: negation, intensity, contrast, scripts.</summary>
public sealed class RulesTests
{
    public static TheoryData<string, SentimentLabel> Negation => new()
    {
        { "good", SentimentLabel.Positive },
        { "not good", SentimentLabel.Negative },
        { "It is not good at all.", SentimentLabel.Negative },
        { "The quality isn't good.", SentimentLabel.Negative },
        { "It doesn't work.", SentimentLabel.Negative },
        { "not bad", SentimentLabel.Positive },
        { "No problems.", SentimentLabel.Positive },
        { "Not happy with it.", SentimentLabel.Negative },
        // Negation stops at the end of its clause.
        { "Not what I ordered, good anyway", SentimentLabel.Positive },
        { "好", SentimentLabel.Positive },
        { "不好", SentimentLabel.Negative },
        { "质量不好", SentimentLabel.Negative },
        { "品質不好", SentimentLabel.Negative },
        { "不满意", SentimentLabel.Negative },
        { "不滿意", SentimentLabel.Negative },
        { "没有问题", SentimentLabel.Positive },
        { "沒有問題", SentimentLabel.Positive },
        { "问题", SentimentLabel.Negative },
        { "問題", SentimentLabel.Negative },
        { "不推荐", SentimentLabel.Negative },
        { "不推薦", SentimentLabel.Negative },
        { "不错", SentimentLabel.Positive },
        { "不錯", SentimentLabel.Positive },
        { "不舒服", SentimentLabel.Negative },
    };

    [Theory]
    [MemberData(nameof(Negation))]
    public void Negation_flips_the_next_sentiment_word_of_its_clause(string text, SentimentLabel expected) =>
        Assert.Equal(expected, SentimentAnalyzer.Default.Analyze(text).Label);

    [Theory]
    [InlineData("good", "very good")]
    [InlineData("good", "extremely good")]
    [InlineData("好", "非常好")]
    [InlineData("满意", "很满意")]
    [InlineData("滿意", "非常滿意")]
    [InlineData("bad", "really bad")]
    [InlineData("失望", "太失望")]
    public void Intensifiers_make_a_word_count_more(string plain, string intensified)
    {
        var a = SentimentAnalyzer.Default.Analyze(plain).Score;
        var b = SentimentAnalyzer.Default.Analyze(intensified).Score;
        Assert.True(Math.Abs(b) > Math.Abs(a), $"{plain}: {a}, {intensified}: {b}");
        Assert.Equal(Math.Sign(a), Math.Sign(b));
    }

    [Theory]
    [InlineData("disappointed", "slightly disappointed")]
    [InlineData("slow", "a bit slow")]
    [InlineData("慢", "有点慢")]
    [InlineData("貴", "有點貴")]
    public void Diminishers_make_a_word_count_less(string plain, string diminished)
    {
        var a = SentimentAnalyzer.Default.Analyze(plain).Score;
        var b = SentimentAnalyzer.Default.Analyze(diminished).Score;
        Assert.True(Math.Abs(b) < Math.Abs(a), $"{plain}: {a}, {diminished}: {b}");
        Assert.Equal(Math.Sign(a), Math.Sign(b));
    }

    [Theory]
    [InlineData("a bit slow", SentimentLabel.Negative)]
    [InlineData("ok", SentimentLabel.Neutral)]
    [InlineData("fine", SentimentLabel.Neutral)]
    [InlineData("good", SentimentLabel.Positive)]
    public void The_threshold_is_half_a_mild_word_inclusive(string text, SentimentLabel expected) =>
        Assert.Equal(expected, SentimentAnalyzer.Default.Analyze(text).Label);

    [Theory]
    [InlineData("Nice colour but it broke after a day.", SentimentLabel.Negative)]
    [InlineData("A bit expensive but excellent quality.", SentimentLabel.Positive)]
    [InlineData("颜色好看，但是一天就坏了。", SentimentLabel.Negative)]
    [InlineData("價格有點貴，但是品質很好。", SentimentLabel.Positive)]
    public void What_follows_a_contrast_outweighs_what_came_before(string text, SentimentLabel expected) =>
        Assert.Equal(expected, SentimentAnalyzer.Default.Analyze(text).Label);

    [Theory]
    [InlineData("great", TextLanguage.English)]
    [InlineData("很好", TextLanguage.Chinese)]
    [InlineData("iPhone 的屏幕很好", TextLanguage.Chinese)]
    [InlineData("отлично, спасибо", TextLanguage.Unsupported)]
    [InlineData("素晴らしい", TextLanguage.Unsupported)]
    [InlineData("좋아요", TextLanguage.Unsupported)]
    [InlineData("12345 !!!", TextLanguage.Unsupported)]
    public void Language_is_told_by_script(string text, TextLanguage expected) =>
        Assert.Equal(expected, Scripts.Detect(text));

    [Theory]
    [InlineData("отлично, спасибо")]
    [InlineData("素晴らしい")]
    [InlineData("Sehr schön, danke")]
    [InlineData("👍👍👍")]
    public void Text_the_lexicon_cannot_read_is_neutral(string text) =>
        Assert.Equal(SentimentLabel.Neutral, SentimentAnalyzer.Default.Analyze(text).Label);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_text_has_no_label(string? text) => Assert.Null(SentimentAnalyzer.Default.Label(text));

    [Fact]
    public void The_same_text_always_gets_the_same_label()
    {
        const string text = "物流很快，但是包裝有點簡陋, overall not bad.";
        var first = SentimentAnalyzer.Default.Analyze(text);
        var fresh = new SentimentAnalyzer(Lexicon.SentimentLexicon.LoadEmbedded()).Analyze(text);
        Assert.Equal(first, fresh);
    }
}
