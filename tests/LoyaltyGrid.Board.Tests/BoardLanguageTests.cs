using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyGrid.Server.Board;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// The wall in each of its languages, in Chromium at 1920×1080: the catalogue's labels, numbers
/// and money as the browser's own Intl formats them for that language, the switcher,
/// Accept-Language, and the world map. Each run leaves a screenshot per language in TestResults
/// (the documentation's, with every panel fed, are BoardLayoutTests').
/// </summary>
public sealed partial class BoardLanguageTests(BoardServer server, ITestOutputHelper output) : IClassFixture<BoardServer>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 20_000 };

    // Visible Latin-letter words a zh-CN page may still hold: the brand, the zone name and the
    // "US" of "US$" that Intl writes, and the language switcher's names of languages in themselves.
    private static readonly HashSet<string> ZhCnAllowed = new(StringComparer.Ordinal) { "LoyaltyGrid", "UTC", "US", "English", "Deutsch", "Español" };

    public static TheoryData<string> Languages() => new(BoardLanguages.Supported);

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_wall_shows_the_catalogue_labels_Intl_numbers_and_the_map_in_each_language(string language)
    {
        var catalogue = Catalogue.Read(language);
        // Purchases in this test's markets within the last minute: the map must show them.
        await server.PurchaseAsync(Id("L"), Id("c-lang"), 1234.50m, market: "JP");
        await server.PurchaseAsync(Id("L"), Id("c-lang"), 87.25m, market: "BR");
        await server.PurchaseAsync(Id("L"), Id("c-lang"), 19.99m, market: "DE");

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var browserLog = BrowserLog.Of(page);
        try
        {
            await OpenLiveAsync(page, $"{server.BoardUrl}?lang={language}");
            Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));

            // Labels: the catalogue's, wherever the page has them.
            await Expect(page.Locator("#connection")).ToHaveTextAsync(catalogue["connection.live"]);
            await Expect(page.Locator("#tile-orders .tile-label")).ToHaveTextAsync(catalogue["tile.orders"]);
            await Expect(page.Locator("#tile-revenue .tile-label")).ToHaveTextAsync(catalogue["tile.revenue"]);
            await Expect(page.Locator("#tile-likely-lost .tile-label")).ToHaveTextAsync(catalogue["tile.likely-lost"]);
            await Expect(page.Locator("#tile-orders .tile-period").First).ToHaveTextAsync(catalogue["period.today"]);
            await Expect(page.Locator("#map-title [data-i18n='map.title']")).ToHaveTextAsync(catalogue["map.title"]);
            await Expect(page.Locator("#service-title [data-i18n='service.title']")).ToHaveTextAsync(catalogue["service.title"]);
            await Expect(page.Locator("#lifecycle .bar-label").First).ToHaveTextAsync(catalogue["lifecycle.prospect"]);
            await Expect(page.Locator("#complaints .bar-label").First).ToHaveTextAsync(catalogue["category.logistics"]);
            Assert.Equal(catalogue["page.title"], await page.TitleAsync());

            // Numbers and money: what the grid says, formatted by this browser's Intl for the language.
            var orders = await EventuallyAsync(page, "#tile-orders .tile-value", async () => await FormatAsync(page, language, "count", (await TodayAsync()).Orders));
            var revenue = await EventuallyAsync(page, "#tile-revenue .tile-value", async () => await FormatAsync(page, language, "money", (await TodayAsync()).Revenue));
            output.WriteLine($"{language}: orders '{orders}', revenue '{revenue}'");
            if (language == "de")
            {
                // A known German amount: dots group thousands, a comma before the cents, the symbol after.
                Assert.Matches(@"^\d{1,3}(\.\d{3})*,\d\d\u00a0\$$", revenue);
            }

            // The map: drawn, and the markets just bought in, named in the language with their figures.
            Assert.True(await page.Locator("#world-map svg path.jvm-region").CountAsync() > 100, "the world map has no country shapes");
            var japan = page.Locator("#market-list li[data-market='JP']");
            await Expect(japan).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
            await Expect(japan.Locator(".market-name")).ToHaveTextAsync(await page.EvaluateAsync<string>("([l, c]) => new Intl.DisplayNames([l], { type: 'region' }).of(c)", new[] { language, "JP" }));
            await Expect(page.Locator("#world-map path.jvm-region[data-code='JP']")).ToHaveClassAsync(new Regex(@"\bhas-orders\b"));
            await Expect(page.Locator("#world-map path.jvm-region[data-code='BR']")).ToHaveClassAsync(new Regex(@"\bhas-orders\b"));
            Assert.NotEqual(
                await page.GetAttributeAsync("#world-map path.jvm-region[data-code='JP']", "fill"),
                await page.GetAttributeAsync("#world-map path.jvm-region[data-code='AU']", "fill"));

            // No firing alerts on this grid: the banner stays away.
            await Expect(page.Locator("#alerts")).ToBeHiddenAsync();

            if (language == "zh-CN")
            {
                var words = await LatinWordsAsync(page);
                output.WriteLine($"zh-CN: Latin-letter words on the page: {string.Join(", ", words)}");
                Assert.All(words, word => Assert.Contains(word, ZhCnAllowed));
            }

            await ScreenshotAsync(page, $"board-lang-{language}.png");
            Assert.DoesNotContain(browserLog, line => line.StartsWith("pageerror", StringComparison.Ordinal) || line.Contains("Content Security Policy", StringComparison.Ordinal));
        }
        finally
        {
            browserLog.WriteTo(output);
        }
    }

    [Fact]
    public async Task The_switcher_changes_the_language_and_keeps_it_and_the_scope_in_the_url()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var browserLog = BrowserLog.Of(page);
        try
        {
            await OpenLiveAsync(page, $"{server.BoardUrl}?market=DE");
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
            var ja = Catalogue.Read("ja");

            page.FrameNavigated += (_, frame) => browserLog.Add($"navigated: {frame.Url}");
            await page.SelectOptionAsync("#language", "ja");
            // Nothing may be evaluated in the page here: the switch is navigating it, and an evaluation
            // racing the navigation fails with "execution context was destroyed".
            // The URL is polled rather than a navigation awaited: the switch may have navigated before a
            // wait for the next navigation began, and that wait would then never end.
            await Expect(page).ToHaveURLAsync(new Regex(@"lang=ja"), new PageAssertionsToHaveURLOptions { Timeout = 20_000 });
            Assert.Contains("market=DE", page.Url, StringComparison.Ordinal);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
            // The key lives in the tab, so the reloaded wall goes straight back to live, in Japanese.
            await Expect(page.Locator("#connection[data-state='live']")).ToHaveTextAsync(ja["connection.live"], Patient);
            await Expect(page.Locator("#tile-orders .tile-label")).ToHaveTextAsync(ja["tile.orders"]);
            await Expect(page.Locator("#scope-label")).ToHaveTextAsync(ja["scope.market"].Replace("{marketName}", "ドイツ", StringComparison.Ordinal));
            Assert.Equal("ja", await page.EvalOnSelectorAsync<string>("#language", "s => s.value"));

            // Changing the scope keeps the language.
            await page.FillAsync("#scope-market", "jp");
            await page.ClickAsync("#scope-form button[type=submit]");
            await Expect(page.Locator("#scope-label")).ToHaveTextAsync(ja["scope.market"].Replace("{marketName}", "日本", StringComparison.Ordinal));
            Assert.Contains("lang=ja", page.Url, StringComparison.Ordinal);
            Assert.Contains("market=JP", page.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(browserLog, line => line.StartsWith("pageerror", StringComparison.Ordinal));
        }
        finally
        {
            browserLog.WriteTo(output);
        }
    }

    [Theory]
    [InlineData("de-AT,de;q=0.9,en;q=0.5", "de")]
    [InlineData("zh-HK,zh;q=0.8", "zh-TW")]
    [InlineData("fr-FR,es;q=0.8", "es")]
    public async Task Without_lang_the_browser_accept_language_picks_it(string acceptLanguage, string expected)
    {
        await using var context = await NewContextAsync(new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage });
        var page = await context.NewPageAsync();
        var browserLog = BrowserLog.Of(page);
        try
        {
            var catalogue = Catalogue.Read(expected);
            await OpenLiveAsync(page, server.BoardUrl);
            Assert.Equal(expected, await page.GetAttributeAsync("html", "lang"));
            await Expect(page.Locator("#tile-orders .tile-label")).ToHaveTextAsync(catalogue["tile.orders"]);
            await Expect(page.Locator("#scope-label")).ToHaveTextAsync(catalogue["scope.grid"]);
            Assert.Equal(expected, await page.EvalOnSelectorAsync<string>("#language", "s => s.value"));
        }
        finally
        {
            browserLog.WriteTo(output);
        }
    }

    [Fact]
    public async Task The_page_answers_in_the_chosen_language_and_says_it_varies_by_accept_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/board?lang=xx", UriKind.Relative));
        request.Headers.AcceptLanguage.ParseAdd("fr, ja;q=0.8, en;q=0.5");
        using var response = await server.Process.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["ja"], response.Content.Headers.ContentLanguage);
        Assert.Contains("Accept-Language", response.Headers.Vary);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ja\" data-currency=\"USD\">", html, StringComparison.Ordinal);
        // The embedded catalogue is the Japanese one.
        var embedded = EmbeddedCatalogue().Match(html);
        Assert.True(embedded.Success, "the page has no embedded catalogue");
        var messages = JsonSerializer.Deserialize<Dictionary<string, string>>(embedded.Groups[1].Value)!;
        Assert.Equal(Catalogue.Read("ja"), messages);

        // Each catalogue is also served on its own, and so is every map file.
        foreach (var asset in BoardLanguages.Supported.Select(l => $"/board/i18n/{l}.json").Concat(["/board/lib/jsvectormap.js", "/board/lib/jsvectormap.css", "/board/lib/world.js"]))
        {
            using var file = await server.Process.Http.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(file.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)file.StatusCode}");
            Assert.True((await file.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty");
        }
    }

    private Task<IBrowserContext> NewContextAsync(Dictionary<string, string>? headers = null) =>
        server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
            ExtraHTTPHeaders = headers,
        });

    private static async Task OpenLiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.FillAsync("#key-input", TestCredentials.OpsKey);
        await page.ClickAsync("#key-form button[type=submit]");
        // By state, not by text: the text is the language's.
        await Expect(page.Locator("#connection[data-state='live']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
        await Expect(page.Locator("#wall")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Waits until <paramref name="selector"/> shows what <paramref name="expected"/> computes from
    /// the API now (purchases just posted may still be on their way), and returns that text.
    /// </summary>
    private static async Task<string> EventuallyAsync(IPage page, string selector, Func<Task<string>> expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string want;
        string shown;
        do
        {
            want = await expected();
            shown = await page.InnerTextAsync(selector);
            if (shown == want)
            {
                return want;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"{selector} shows '{shown}', the grid's figure formatted by Intl is '{want}'.");
        return want;
    }

    private static Task<string> FormatAsync(IPage page, string language, string kind, decimal value) =>
        page.EvaluateAsync<string>(
            """
            ([language, kind, value]) => new Intl.NumberFormat(language, kind === 'money'
                ? { style: 'currency', currency: 'USD' }
                : { maximumFractionDigits: 0 }).format(Number(value))
            """,
            new object[] { language, kind, value.ToString(CultureInfo.InvariantCulture) });

    private async Task<(long Orders, decimal Revenue)> TodayAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/kpis", UriKind.Relative));
        request.Headers.Add("X-Api-Key", TestCredentials.OpsKey);
        using var response = await server.Process.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /api/v1/kpis answered {(int)response.StatusCode}: {text}");
        using var snapshot = JsonDocument.Parse(text);
        var today = snapshot.RootElement.GetProperty("today");
        return (today.GetProperty("orders").GetInt64(), today.GetProperty("grossRevenue").GetDecimal());
    }

    /// <summary>Latin-letter words in the visible text and in every title, aria-label and placeholder.</summary>
    private static async Task<string[]> LatinWordsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>(
            """
            () => {
                const texts = [document.body.innerText, document.title];
                for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
                    texts.push(el.getAttribute('title') || '', el.getAttribute('aria-label') || '', el.getAttribute('placeholder') || '');
                }
                return [...new Set(texts.join(' ').match(/\p{Script=Latin}+/gu) || [])];
            }
            """);

    private async Task ScreenshotAsync(IPage page, string name)
    {
        // The numbers fit their tiles 150 ms after a render; give the last render that time.
        await page.WaitForTimeoutAsync(500);
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        output.WriteLine($"Screenshot: {path}");
    }

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [GeneratedRegex("""<script type="application/json" id="board-messages">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex EmbeddedCatalogue();
}
