using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Server.Board;
using LoyaltyGrid.Server.Kpis;
using Microsoft.Net.Http.Headers;

namespace LoyaltyGrid.Board.Tests;

/// <summary>The catalogues as the server embeds them, the language choice, and the map's figures; no server needed.</summary>
public sealed partial class BoardCatalogueTests
{
    public static TheoryData<string> Languages() => new(BoardLanguages.Supported);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_catalogue_has_exactly_the_keys_of_the_english_one_with_the_same_placeholders(string language)
    {
        var english = Catalogue.Read("en");
        var catalogue = Catalogue.Read(language);

        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), catalogue.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, text) in catalogue)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}: {key} is empty");
            // A translation may name the market by its name where English shows its code; otherwise the same values.
            var expected = Placeholders(english[key]).Select(Normalize).ToHashSet();
            var actual = Placeholders(text).Select(Normalize).ToHashSet();
            Assert.True(expected.SetEquals(actual), $"{language}: {key} has {{{string.Join("}, {", actual)}}} where en has {{{string.Join("}, {", expected)}}}");
        }
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh-TW")]
    [InlineData("ja")]
    public void The_chinese_and_japanese_catalogues_are_in_their_own_scripts(string language)
    {
        var catalogue = Catalogue.Read(language);
        // Each message has characters of the language's script, so none was left in English.
        foreach (var (key, text) in catalogue)
        {
            Assert.True(CjkLetter().IsMatch(text), $"{language}: {key} = '{text}' has no Chinese or Japanese character");
        }

        // The two Chinese catalogues differ where the scripts do: 订单 (simplified) and 訂單 (traditional).
        if (language == "zh-CN")
        {
            Assert.Contains("订单", catalogue["tile.orders"], StringComparison.Ordinal);
        }

        if (language == "zh-TW")
        {
            Assert.Contains("訂單", catalogue["tile.orders"], StringComparison.Ordinal);
        }

        if (language == "ja")
        {
            Assert.Matches(@"\p{IsHiragana}|\p{IsKatakana}", string.Concat(catalogue.Values));
        }
    }

    [Theory]
    [InlineData(null, "", "en")]
    [InlineData(null, "de-DE,de;q=0.9,en;q=0.8", "de")]
    [InlineData(null, "de-AT", "de")]
    [InlineData(null, "fr-FR, es;q=0.7, en;q=0.5", "es")]
    [InlineData(null, "en;q=0.4, ja;q=0.9", "ja")]
    [InlineData(null, "zh-TW", "zh-TW")]
    [InlineData(null, "zh-HK", "zh-TW")]
    [InlineData(null, "zh-Hant", "zh-TW")]
    [InlineData(null, "zh", "zh-CN")]
    [InlineData(null, "zh-CN", "zh-CN")]
    [InlineData(null, "zh-Hans-HK", "zh-CN")]
    [InlineData(null, "ja;q=0, de", "de")]
    [InlineData(null, "fr, it", "en")]
    [InlineData(null, "*", "en")]
    [InlineData("ja", "de", "ja")]
    [InlineData("zh-tw", "", "zh-TW")]
    [InlineData("ES", "", "es")]
    [InlineData("xx", "de", "de")]
    [InlineData("", "es", "es")]
    public void The_language_is_lang_else_accept_language_else_english(string? lang, string acceptLanguage, string expected)
    {
        var accepted = StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries), out var parsed) ? parsed : [];
        Assert.Equal(expected, BoardLanguages.Choose(lang, accepted));
    }

    [Fact]
    public void The_map_gets_the_market_scopes_with_orders_most_revenue_first_in_cents()
    {
        var now = new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
        var figures = KpiMarketsSnapshot.From(now,
        [
            ("grid", Window(now, 9, 300m)),
            ("market:DE", Window(now, 2, 100.005m)),
            ("market:JP", Window(now, 3, 150m)),
            ("market:FR", Window(now, 0, 0m)),
            ("market:US", Window(now, 1, 0m)),
            ("storefront:demo", Window(now, 9, 300m)),
            ("storefront-market:demo|DE", Window(now, 2, 100m)),
        ]);

        Assert.Equal(now, figures.AsOf);
        Assert.Equal(
            [new KpiMarketFigures("JP", 3, 150m), new KpiMarketFigures("DE", 2, 100.01m), new KpiMarketFigures("US", 1, 0m)],
            figures.Markets);
    }

    private static KpiLiveWindow Window(DateTimeOffset now, long orders, decimal revenue)
    {
        var none = new KpiComplaintCounts(0, new Dictionary<string, long>());
        return new KpiLiveWindow(now.AddMinutes(-60), now, 0, orders, revenue, 0, 0m, revenue, orders > 0 ? revenue / orders : 0m, 0, 0m, 0m, none, 0m, 0, 0, 0m, 0m, 0, 0, 0, 0);
    }

    private static IEnumerable<string> Placeholders(string text) => PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value);

    private static string Normalize(string placeholder) => placeholder == "marketName" ? "market" : placeholder;

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\p{IsHiragana}\p{IsKatakana}]")]
    private static partial Regex CjkLetter();
}

/// <summary>A catalogue as the server serves it: read from the server assembly's embedded resources.</summary>
public static class Catalogue
{
    public static IReadOnlyDictionary<string, string> Read(string language)
    {
        var name = $"LoyaltyGrid.Server.Board.i18n.{language}.json";
        using var stream = typeof(BoardEndpoints).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in the server.");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? throw new InvalidOperationException($"{name} is empty.");
    }
}
