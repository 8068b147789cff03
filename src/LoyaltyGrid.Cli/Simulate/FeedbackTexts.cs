namespace LoyaltyGrid.Cli.Simulate;

/// <summary>One written piece of feedback: its language tag, the mood it was written in (the label the server should give it) and its text.</summary>
public sealed record FeedbackText(string Language, string Mood, string Text);

/// <summary>
/// What simulated customers write: review texts, survey comments and the notes of the complaint
/// spike, in English and in simplified and traditional Chinese. Written for the simulation (none is
/// taken from the sentiment evaluation set, so the demo does not flatter the labeller with sentences
/// it was measured on); a test checks the server's labeller reads each in the mood it was written in.
/// </summary>
public static class FeedbackTexts
{
    public const string Positive = "positive";
    public const string Neutral = "neutral";
    public const string Negative = "negative";

    public static readonly IReadOnlyList<FeedbackText> Reviews =
    [
        new("en", Positive, "Arrived two days early and the fabric feels lovely."),
        new("en", Positive, "Really happy with this order, the colour is perfect."),
        new("en", Positive, "Great value for the price, I would buy it again."),
        new("en", Neutral, "The parcel came on Tuesday."),
        new("en", Neutral, "Ordered the blue one in size M."),
        new("en", Negative, "The zip broke after one week, very disappointed."),
        new("en", Negative, "Delivery was late and the box was damaged."),
        new("en", Negative, "Poor stitching, it looks cheap."),
        new("zh-Hans", Positive, "质量很棒，颜色也很好看。"),
        new("zh-Hans", Positive, "非常满意，下次还会再来。"),
        new("zh-Hans", Neutral, "周二收到的包裹。"),
        new("zh-Hans", Neutral, "买的是蓝色的中号。"),
        new("zh-Hans", Negative, "拉链一周就坏了，很失望。"),
        new("zh-Hans", Negative, "做工很差，不推荐。"),
        new("zh-Hant", Positive, "品質很棒，顏色也很好看。"),
        new("zh-Hant", Positive, "非常滿意，下次還會再買。"),
        new("zh-Hant", Neutral, "週二收到的包裹。"),
        new("zh-Hant", Neutral, "買的是藍色的中號。"),
        new("zh-Hant", Negative, "拉鍊一週就壞了，很失望。"),
        new("zh-Hant", Negative, "做工很差，不推薦。"),
    ];

    public static readonly IReadOnlyList<FeedbackText> SurveyComments =
    [
        new("en", Positive, "Easy to find what I needed, I recommend this shop."),
        new("en", Positive, "Friendly service and fair prices."),
        new("en", Neutral, "I mostly buy here during sales."),
        new("en", Negative, "Returns take far too long."),
        new("en", Negative, "The app keeps logging me out, really frustrating."),
        new("zh-Hans", Positive, "购物体验很好，会推荐给朋友。"),
        new("zh-Hans", Neutral, "通常在打折的时候买。"),
        new("zh-Hans", Negative, "退货太麻烦了。"),
        new("zh-Hant", Positive, "購物體驗很好，會推薦給朋友。"),
        new("zh-Hant", Neutral, "通常在打折的時候買。"),
        new("zh-Hant", Negative, "退貨太麻煩了。"),
    ];

    /// <summary>The notes of the complaint spike: one warehouse's parcels going missing, in every language.</summary>
    public static readonly IReadOnlyList<FeedbackText> SpikeNotes =
    [
        new("en", Negative, "Parcel never arrived and the tracking is useless."),
        new("en", Negative, "Second week waiting, terrible delivery."),
        new("zh-Hans", Negative, "包裹一直没到，物流太差了。"),
        new("zh-Hant", Negative, "包裹一直沒到，物流太差了。"),
    ];

    /// <summary>Most feedback is English, the rest Chinese in either script; within a language, any text of the mood.</summary>
    public static string Pick(IReadOnlyList<FeedbackText> texts, string mood, Random random)
    {
        var language = random.NextDouble() switch
        {
            < 0.6 => "en",
            < 0.8 => "zh-Hans",
            _ => "zh-Hant",
        };
        var candidates = texts.Where(text => text.Mood == mood && text.Language == language).ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. texts.Where(text => text.Mood == mood)];
        }

        return candidates[random.Next(candidates.Count)].Text;
    }

    /// <summary>A review's mood follows its rating: 4–5 positive, 3 neutral, 1–2 negative.</summary>
    public static string MoodOfRating(int rating) => rating switch
    {
        >= 4 => Positive,
        3 => Neutral,
        _ => Negative,
    };

    /// <summary>NPS: promoters (9–10) write well, passives (7–8) plainly, detractors (0–6) badly.</summary>
    public static string MoodOfNps(int score) => score switch
    {
        >= 9 => Positive,
        >= 7 => Neutral,
        _ => Negative,
    };
}
