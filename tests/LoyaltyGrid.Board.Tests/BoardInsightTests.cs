using System.Text.Json;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// The wall's channels and experiments panels, fed by the hub's <c>insight</c> message, against the
/// reports of <c>GET /api/v1/kpis/channels</c> and <c>GET /api/v1/experiments/{id}</c>. A server of
/// its own, so the grid holds only this test's sessions.
/// </summary>
public sealed class BoardInsightTests(BoardServer server, ITestOutputHelper output) : IClassFixture<BoardServer>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 20_000 };

    [Fact]
    public async Task The_panels_show_each_channel_and_running_experiment_with_lift_and_significance_as_the_reports_say_live_and_per_scope()
    {
        // In DE, checkout-2026 with channels: one-page converts 20 of 40 sessions against the control's 8 of 40.
        // In FR, banner-color without channels: 5 of 20 against 6 of 20, no real difference.
        var visits = 0;
        var orders = 0;
        for (var i = 0; i < 40; i++)
        {
            string[] channels = ["email", "social", "ads", "email"];
            await SessionAsync("DE", channels[i % 4], "checkout-2026", "control", buys: i % 5 == 0, amount: 40m + i);
            await SessionAsync("DE", channels[(i + 1) % 4], "checkout-2026", "one-page", buys: i % 2 == 0, amount: 55m + i);
            visits += 2;
            orders += (i % 5 == 0 ? 1 : 0) + (i % 2 == 0 ? 1 : 0);
        }

        for (var i = 0; i < 20; i++)
        {
            await SessionAsync("FR", null, "banner-color", "control", buys: i % 4 == 0, amount: 30m);
            await SessionAsync("FR", null, "banner-color", "blue", buys: i % 10 < 3, amount: 30m);
            visits += 2;
            orders += (i % 4 == 0 ? 1 : 0) + (i % 10 < 3 ? 1 : 0);
        }

        await ReportsSettleAsync("", visits, orders);

        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
        });
        var page = await context.NewPageAsync();
        var browserLog = BrowserLog.Of(page);
        try
        {
            await page.GotoAsync(server.BoardUrl);
            await page.FillAsync("#key-input", TestCredentials.OpsKey);
            await page.ClickAsync("#key-form button[type=submit]");
            await Expect(page.Locator("#connection")).ToHaveTextAsync("live", Patient);

            await ExpectPanelsAsync(page, "", "en", ["ads", "direct", "email", "social"], ["checkout-2026", "banner-color"]);
            var checkout = page.Locator("#experiment-list li[data-experiment='checkout-2026']");
            await Expect(checkout.Locator("li[data-variant='one-page'] .variant-significance")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bsignificant\b"));
            await Expect(checkout.Locator("li[data-variant='one-page'] .variant-significance")).ToContainTextAsync("significant, p = ");
            await Expect(checkout.Locator("li[data-variant='one-page'] .variant-lift")).ToContainTextAsync("lift +30.0% [");
            await Expect(checkout.Locator("li[data-variant='control'] .variant-name")).ToHaveTextAsync("control (control)");
            await Expect(page.Locator("#experiment-list li[data-experiment='banner-color'] li[data-variant='blue'] .variant-significance")).ToContainTextAsync("not significant, p = ");
            await ScreenshotAsync(page, "board-insight.png");

            // Live: ten more email sessions, all buying, reach the open wall with the next push.
            for (var i = 0; i < 10; i++)
            {
                await SessionAsync("DE", "email", "checkout-2026", "one-page", buys: true, amount: 99m);
            }

            visits += 10;
            orders += 10;
            await ReportsSettleAsync("", visits, orders);
            await ExpectPanelsAsync(page, "", "en", ["ads", "direct", "email", "social"], ["checkout-2026", "banner-color"]);

            // Another scope: FR has only the direct banner sessions and that experiment.
            await page.FillAsync("#scope-market", "FR");
            await page.ClickAsync("#scope-form button[type=submit]");
            await Expect(page.Locator("#scope-label")).ToHaveTextAsync("Market FR");
            await ExpectPanelsAsync(page, "?market=FR", "en", ["direct"], ["banner-color"]);
            Assert.DoesNotContain(browserLog, line => line.StartsWith("pageerror", StringComparison.Ordinal));
        }
        finally
        {
            browserLog.WriteTo(output);
        }

        // The same panels in simplified Chinese: the catalogue's words, the browser's Chinese numbers.
        var zh = Catalogue.Read("zh-CN");
        var zhPage = await context.NewPageAsync();
        var zhLog = BrowserLog.Of(zhPage);
        try
        {
            // A new tab: the key is typed again (it is kept per tab).
            await zhPage.GotoAsync($"{server.BoardUrl}?lang=zh-CN");
            await zhPage.FillAsync("#key-input", TestCredentials.OpsKey);
            await zhPage.ClickAsync("#key-form button[type=submit]");
            await Expect(zhPage.Locator("#connection[data-state='live']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
            await Expect(zhPage.Locator("#channels-title")).ToHaveTextAsync(zh["channel.title"]);
            await Expect(zhPage.Locator("#experiments-title")).ToHaveTextAsync(zh["experiment.title"]);
            await ExpectPanelsAsync(zhPage, "", "zh-CN", ["ads", "direct", "email", "social"], ["checkout-2026", "banner-color"]);
            await ScreenshotAsync(zhPage, "board-insight-zh-CN.png");
            Assert.DoesNotContain(zhLog, line => line.StartsWith("pageerror", StringComparison.Ordinal));
        }
        finally
        {
            zhLog.WriteTo(output);
        }
    }

    /// <summary>
    /// The panels of the wall on <paramref name="page"/> show, row for row, the reports of the scope
    /// (<paramref name="query"/>) formatted as the wall formats them for <paramref name="language"/>.
    /// </summary>
    private async Task ExpectPanelsAsync(IPage page, string query, string language, string[] channels, string[] experiments)
    {
        var catalogue = Catalogue.Read(language);
        var report = await server.Api.GetOkAsync($"/api/v1/kpis/channels{query}", TestCredentials.OpsCredential);
        var rows = report.GetProperty("channels").EnumerateArray().ToList();
        Assert.Equal(channels, rows.Select(row => row.GetProperty("channel").GetString()!));
        await Expect(page.Locator("#channel-table tbody tr")).ToHaveCountAsync(rows.Count, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
        foreach (var row in rows)
        {
            var channel = row.GetProperty("channel").GetString()!;
            var want = await page.EvaluateAsync<string[]>(
                """
                ([language, json, direct]) => {
                    const row = JSON.parse(json);
                    const money = new Intl.NumberFormat(language, { style: 'currency', currency: 'USD' });
                    const count = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
                    const percent = new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
                    return [row.channel === 'direct' ? direct : row.channel, count.format(row.visits), percent.format(row.conversionRate),
                        count.format(row.orders), money.format(row.grossRevenue), money.format(row.revenuePerVisit)];
                }
                """,
                new object[] { language, row.GetRawText(), catalogue["channel.direct"] });
            var cells = page.Locator($"#channel-table tbody tr[data-channel='{channel}']").Locator("th, td");
            await Expect(cells).ToHaveTextAsync(want, new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
            output.WriteLine($"{language} {query} channel: {string.Join(" | ", want)}");
        }

        await Expect(page.Locator("#experiment-list > li")).ToHaveCountAsync(experiments.Length, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
        foreach (var experimentId in experiments)
        {
            var experiment = await server.Api.GetOkAsync($"/api/v1/experiments/{experimentId}{query}", TestCredentials.OpsCredential);
            var control = experiment.GetProperty("control").GetString()!;
            foreach (var variant in experiment.GetProperty("variants").EnumerateArray())
            {
                var name = variant.GetProperty("variant").GetString()!;
                var isControl = name == control;
                var want = await page.EvaluateAsync<string[]>(
                    """
                    ([language, json, isControl, templatesJson]) => {
                        const v = JSON.parse(json);
                        const templates = JSON.parse(templatesJson);
                        const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
                        const count = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
                        const percent = new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
                        const lift = new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
                        const p = new Intl.NumberFormat(language, { maximumSignificantDigits: 2 });
                        return [
                            isControl ? fill(templates.control, { variant: v.variant }) : v.variant,
                            percent.format(v.conversionRate),
                            fill(templates.visits, { visits: count.format(v.visits) }),
                            isControl ? '' : fill(templates.lift, { lift: lift.format(v.lift), low: lift.format(v.liftLow), high: lift.format(v.liftHigh) }),
                            isControl ? '' : fill(v.significant ? templates.significant : templates.notSignificant, { p: p.format(v.pValue) }),
                        ];
                    }
                    """,
                    new object[]
                    {
                        language, variant.GetRawText(), isControl,
                        JsonSerializer.Serialize(new Dictionary<string, string>
                        {
                            ["control"] = catalogue["experiment.control"], ["visits"] = catalogue["experiment.visits"], ["lift"] = catalogue["experiment.lift"],
                            ["significant"] = catalogue["experiment.significant"], ["notSignificant"] = catalogue["experiment.notSignificant"],
                        }),
                    });
                var parts = page.Locator($"#experiment-list li[data-experiment='{experimentId}'] li[data-variant='{name}'] > span");
                await Expect(parts).ToHaveTextAsync(want, new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
                output.WriteLine($"{language} {query} {experimentId}: {string.Join(" | ", want)}");
            }
        }
    }

    /// <summary>A session's visit with its channel and experiment, and when it buys, a purchase in it.</summary>
    private async Task SessionAsync(string market, string? channel, string experiment, string variant, bool buys, decimal amount)
    {
        var session = $"s-{Guid.NewGuid():N}";
        var visit = EventBodies.Visit(session, DateTimeOffset.UtcNow, market);
        if (channel is not null)
        {
            visit["channel"] = channel;
        }

        visit["experiment"] = experiment;
        visit["variant"] = variant;
        using (var response = await server.Api.PostAsync("/api/v1/visits", visit, TestCredentials.StoreACredential))
        {
            Assert.True(response.IsSuccessStatusCode, $"visit: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        if (buys)
        {
            await server.PurchaseAsync($"I-{Guid.NewGuid():N}", $"c-{Guid.NewGuid():N}", amount, market, sessionId: session);
        }
    }

    /// <summary>Waits until the channel report of the scope counts every visit and order posted, so what the wall shows next is final.</summary>
    private async Task ReportsSettleAsync(string query, int visits, int orders)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var seen = "";
        while (DateTime.UtcNow < deadline)
        {
            var rows = (await server.Api.GetOkAsync($"/api/v1/kpis/channels{query}", TestCredentials.OpsCredential)).GetProperty("channels").EnumerateArray().ToList();
            var (v, o) = (rows.Sum(row => row.GetProperty("visits").GetInt64()), rows.Sum(row => row.GetProperty("orders").GetInt64()));
            if (v == visits && o == orders)
            {
                return;
            }

            seen = $"{v} visits, {o} orders";
            await Task.Delay(250);
        }

        Assert.Fail($"The channel report counted {seen} of {visits} visits and {orders} orders after a minute.");
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }
}
