using System.Collections.Concurrent;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>A server of its own, since this test kills and restarts it.</summary>
public sealed class BoardReconnectTests(BoardServer server, ITestOutputHelper output) : IClassFixture<BoardServer>
{
    [Fact]
    public async Task After_the_server_comes_back_the_wall_is_live_again_and_watches_its_scope_afresh()
    {
        await using var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var browserLog = new ConcurrentQueue<string>();
        page.Console += (_, message) => browserLog.Enqueue($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => browserLog.Enqueue($"pageerror: {error}");
        try
        {
            await server.PurchaseAsync($"B-{Guid.NewGuid():N}", "c-reconnect-1", 10.00m);
            await page.GotoAsync($"{server.BoardUrl}?market=DE");
            await page.FillAsync("#key-input", TestCredentials.OpsKey);
            await page.ClickAsync("#key-form button[type=submit]");
            await Expect(page.Locator("#connection")).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
            await Expect(page.Locator("#scope-label")).ToHaveTextAsync("Market DE");
            await Expect(page.Locator("#tile-orders .tile-value")).ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 5_000 });

            // Every state the wall shows from now on, in order.
            await page.EvaluateAsync("""
                () => {
                    window.boardStates = [];
                    const pill = document.getElementById('connection');
                    new MutationObserver(() => window.boardStates.push(pill.dataset.state)).observe(pill, { attributes: true, attributeFilter: ['data-state'] });
                }
                """);
            await server.KillAndRestartAsync(TimeSpan.FromSeconds(2));
            await Expect(page.Locator("#connection")).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
            var states = await page.EvaluateAsync<string[]>("() => window.boardStates");
            output.WriteLine($"The wall went through: {string.Join(" → ", states)}");
            Assert.Contains("reconnecting", states);
            Assert.Equal("live", states[^1]);
            // Pushes reach only connections that called Watch, so a purchase showing up proves the
            // new connection watches the market again.
            await server.PurchaseAsync($"B-{Guid.NewGuid():N}", "c-reconnect-2", 15.00m);
            await Expect(page.Locator("#tile-orders .tile-value")).ToHaveTextAsync("2", new LocatorAssertionsToHaveTextOptions { Timeout = 5_000 });
            await Expect(page.Locator("#tile-revenue .tile-value")).ToHaveTextAsync("$25.00");
            await Expect(page.Locator("#scope-label")).ToHaveTextAsync("Market DE");
            Assert.DoesNotContain(browserLog, line => line.StartsWith("pageerror", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var line in browserLog)
            {
                output.WriteLine(line);
            }
        }
    }
}
