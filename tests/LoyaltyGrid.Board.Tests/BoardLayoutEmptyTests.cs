using LoyaltyGrid.Server.Board;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// The wall at 1920×1080 with only some panels: first on a grid with nothing at all, then with a
/// few orders and nothing else (the channels panel then shows direct; no satisfaction, experiments
/// or alerts). Readable (WallGeometry) in every language both times. A server of its own, so the
/// grid starts empty.
/// </summary>
public sealed class BoardLayoutEmptyTests(BoardServer server, ITestOutputHelper output) : IClassFixture<BoardServer>
{
    [Fact]
    public async Task The_wall_with_only_some_panels_fits_1920x1080_readably_in_each_language()
    {
        foreach (var language in BoardLanguages.Supported)
        {
            await ExpectReadableAsync(language, channels: false);
        }

        await server.PurchaseAsync($"E-{Guid.NewGuid():N}", $"c-{Guid.NewGuid():N}", 1234.56m, market: "MX");
        await server.PurchaseAsync($"E-{Guid.NewGuid():N}", $"c-{Guid.NewGuid():N}", 78.90m, market: "ES");
        foreach (var language in BoardLanguages.Supported)
        {
            await ExpectReadableAsync(language, channels: true);
        }
    }

    private async Task ExpectReadableAsync(string language, bool channels)
    {
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BoardUrl}?lang={language}");
        await page.FillAsync("#key-input", TestCredentials.OpsKey);
        await page.ClickAsync("#key-form button[type=submit]");
        await Expect(page.Locator("#connection[data-state='live']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
        if (channels)
        {
            await Expect(page.Locator("#channel-table tbody tr[data-channel='direct']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
            await Expect(page.Locator("#market-list li")).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
        }
        else
        {
            await Expect(page.Locator("#markets-total")).ToHaveTextAsync(Catalogue.Read(language)["map.empty"], new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
            await Expect(page.Locator("#panel-channels")).ToBeHiddenAsync();
        }

        await Expect(page.Locator("#panel-satisfaction")).ToBeHiddenAsync();
        await Expect(page.Locator("#panel-experiments")).ToBeHiddenAsync();
        await Expect(page.Locator("#alerts")).ToBeHiddenAsync();
        await BoardLayoutTests.SettleAsync(page);
        var problems = await WallGeometry.ProblemsAsync(page);
        var state = channels ? "orders only" : "empty";
        output.WriteLine($"{language}, {state}: text sizes {string.Join(", ", await WallGeometry.TextSizesAsync(page))}");
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"board-{(channels ? "orders-only" : "empty")}-{language}.png") });
        Assert.True(problems.Length == 0, $"{language}, {state}: {string.Join(Environment.NewLine, problems)}");
    }
}
