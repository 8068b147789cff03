namespace LoyaltyGrid.Sentiment;

/// <summary>The languages the lexicon reads; anything else is labelled neutral (rules.md).</summary>
public enum TextLanguage
{
    Unsupported = 0,
    English = 1,
    Chinese = 2,
}

public static class Scripts
{
    /// <summary>
    /// Language by script: any Han character makes the text Chinese (Chinese reviews often carry Latin
    /// brand names and sizes), else any Latin letter makes it English, else the lexicon has nothing to say.
    /// Other Latin-script languages are read as English and mostly match nothing, so they come out neutral.
    /// Japanese also writes Han characters, so any kana makes a text unsupported rather than Chinese.
    /// </summary>
    public static TextLanguage Detect(string text)
    {
        if (text.Any(IsKana))
        {
            return TextLanguage.Unsupported;
        }
        var latin = false;
        foreach (var c in text)
        {
            if (IsHan(c))
            {
                return TextLanguage.Chinese;
            }
            latin |= IsLatinLetter(c);
        }
        return latin ? TextLanguage.English : TextLanguage.Unsupported;
    }

    public static bool IsHan(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');

    public static bool IsKana(char c) => c is >= '\u3040' and <= '\u30FF';

    public static bool IsLatinLetter(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '\u00C0' and <= '\u024F' and not '\u00D7' and not '\u00F7');
}
