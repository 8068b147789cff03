using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

public sealed class BoardTests(BoardServer server, ITestOutputHelper output) : IClassFixture<BoardServer>
{
    /// <summary>Screenshots land here, beside the test assembly; each test prints the full path.</summary>
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "TestResults");

    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task New_purchases_show_in_the_orders_revenue_and_aov_tiles_within_two_seconds()
    {
        var seededOrders = await SeedHistoryAsync();
        await WaitUntilTheGridCountsAsync(seededOrders);

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
            await Expect(page.Locator("#connection")).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
            await Expect(page.Locator("#login")).ToBeHiddenAsync();

            var orders = ParseCount(await Today(page, "orders").InnerTextAsync());
            var allTimeOrders = ParseCount(await AllTime(page, "orders").InnerTextAsync());
            var revenue = ParseMoney(await Today(page, "revenue").InnerTextAsync());
            output.WriteLine($"Before: orders {orders} (all-time {allTimeOrders}), revenue {revenue}, AOV {await Today(page, "aov").InnerTextAsync()}");

            decimal[] amounts = [120.00m, 45.50m, 19.99m];
            foreach (var amount in amounts)
            {
                await server.PurchaseAsync(Id("B"), Id("c-live"), amount, market: "DE");
            }

            var accepted = Stopwatch.StartNew();
            orders += amounts.Length;
            allTimeOrders += amounts.Length;
            revenue += amounts.Sum();
            await Expect(Today(page, "orders")).ToHaveTextAsync(Count(orders), Remaining(accepted));
            await Expect(AllTime(page, "orders")).ToHaveTextAsync(Count(allTimeOrders), Remaining(accepted));
            await Expect(Today(page, "revenue")).ToHaveTextAsync(Money(revenue), Remaining(accepted));
            await Expect(Today(page, "aov")).ToHaveTextAsync(Average(revenue, orders), Remaining(accepted));
            var shownAfter = accepted.Elapsed;
            output.WriteLine($"After: orders {Count(orders)}, revenue {Money(revenue)}, AOV {await Today(page, "aov").InnerTextAsync()}: on the wall {shownAfter.TotalMilliseconds:F0} ms after the last purchase was accepted");
            Assert.True(shownAfter <= Promise, $"The tiles took {shownAfter.TotalMilliseconds:F0} ms.");

            await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
            // Months of history: the cohort table the wall screen must fit (docs/board.md, "Layout").
            await BoardLayoutTests.SettleAsync(page);
            var problems = await WallGeometry.ProblemsAsync(page);
            output.WriteLine($"Cohorts shown at 1920×1080: {await page.Locator("#cohort-table tbody tr").CountAsync()}");
            await ScreenshotAsync(page, "board-1920x1080.png");
            Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
            await page.SetViewportSizeAsync(1366, 768);
            await page.WaitForTimeoutAsync(500); // the wall refits its numbers 150 ms after a resize
            await ScreenshotAsync(page, "board-1366x768.png");

            // The key is kept for the tab: a reload goes straight back to live.
            await page.ReloadAsync();
            await Expect(page.Locator("#connection")).ToHaveTextAsync("live", new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
            await Expect(page.Locator("#login")).ToBeHiddenAsync();
            await Expect(Today(page, "orders")).ToHaveTextAsync(Count(orders));

            // The repurchase model's tiles show the figures of a fit run on demand.
            await Expect(Today(page, "expected-purchases")).ToHaveTextAsync("—");
            using (var fit = await FitModelAsync())
            {
                using var snapshot = await KpisAsync("");
                var forecast = snapshot.RootElement.GetProperty("repurchase");
                Assert.Equal(fit.RootElement.GetProperty("customers").GetInt32(), forecast.GetProperty("customers").GetInt32());
                var refresh = new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 };
                await Expect(Today(page, "expected-purchases")).ToHaveTextAsync(Count((long)Math.Round(forecast.GetProperty("expectedPurchases30d").GetDouble())), refresh);
                await Expect(AllTime(page, "expected-purchases")).ToHaveTextAsync(Count((long)Math.Round(forecast.GetProperty("expectedPurchases90d").GetDouble())), refresh);
                await Expect(Today(page, "likely-lost")).ToHaveTextAsync(Count(forecast.GetProperty("customersLikelyLost").GetInt64()), refresh);
            }

            // Another scope: the market FR alone, as the KPI endpoint counts it.
            await page.FillAsync("#scope-market", "fr");
            await page.ClickAsync("#scope-form button[type=submit]");
            await Expect(page.Locator("#scope-label")).ToHaveTextAsync("Market FR");
            await Expect(Today(page, "orders")).ToHaveTextAsync(Count(await TodaysOrdersAsync("?market=FR")));
            Assert.EndsWith("/board?market=FR", page.Url, StringComparison.Ordinal);
            await Expect(page.Locator("#connection")).ToHaveTextAsync("live");

            Assert.DoesNotContain(browserLog, line => line.StartsWith("pageerror", StringComparison.Ordinal));
        }
        finally
        {
            browserLog.WriteTo(output);
        }
    }

    [Fact]
    public async Task A_wrong_key_shows_the_error_and_no_data()
    {
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        var page = await context.NewPageAsync();
        var browserLog = BrowserLog.Of(page);
        try
        {
            await page.GotoAsync(server.BoardUrl);
            await page.FillAsync("#key-input", "ops-this-is-not-a-configured-key-123");
            await page.ClickAsync("#key-form button[type=submit]");

            await Expect(page.Locator("#key-error")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
            await Expect(page.Locator("#key-error")).ToContainTextAsync("not accepted");
            await Expect(page.Locator("#login")).ToBeVisibleAsync();
            await Expect(page.Locator("#wall")).ToBeHiddenAsync();
            await Expect(page.Locator("#connection")).ToHaveTextAsync("offline");
            Assert.Equal(string.Empty, await page.Locator("#as-of").InnerTextAsync());
            var values = await page.Locator(".tile-value, .tile-side-value").AllTextContentsAsync();
            Assert.NotEmpty(values);
            Assert.All(values, value => Assert.Equal("—", value));
            Assert.Equal(0, await page.Locator("#cohort-table tr, #lifecycle li, #tiers li, #complaints li").CountAsync());
            Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('loyaltygrid.board.opsKey')"));
            await ScreenshotAsync(page, "board-wrong-key.png");
        }
        finally
        {
            browserLog.WriteTo(output);
        }
    }

    [Fact]
    public async Task A_storefront_key_is_refused_as_not_an_ops_key()
    {
        await using var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var browserLog = BrowserLog.Of(page);
        try
        {
            await page.GotoAsync(server.BoardUrl);
            await page.FillAsync("#key-input", TestCredentials.StoreAKey);
            await page.ClickAsync("#key-form button[type=submit]");

            await Expect(page.Locator("#key-error")).ToContainTextAsync("not an ops key", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
            await Expect(page.Locator("#wall")).ToBeHiddenAsync();
            await Expect(page.Locator("#connection")).ToHaveTextAsync("offline");
        }
        finally
        {
            browserLog.WriteTo(output);
        }
    }

    [Fact]
    public async Task The_page_and_its_scripts_are_served_to_anyone_and_hold_no_data()
    {
        using var page = await server.Process.Http.GetAsync(new Uri("/board", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/board/lib/signalr.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.StoreA, html, StringComparison.Ordinal);

        foreach (var asset in new[] { "/board/board.js", "/board/board.css", "/board/lib/signalr.js" })
        {
            using var response = await server.Process.Http.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty");
        }

        // The hub itself is not open without a key.
        using var negotiate = await server.Process.Http.PostAsync(new Uri("/hubs/kpi/negotiate?negotiateVersion=1", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    /// <summary>
    /// Months of history and some of today's service events, so the wall has cohorts, tiers,
    /// lifecycle and complaints to show in the screenshots. Returns the purchases posted.
    /// </summary>
    private async Task<int> SeedHistoryAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        string[] markets = ["DE", "FR", "US", "NL"];
        var purchases = 0;
        var todaysOrders = new List<(string Customer, string Order)>();
        for (var cohort = 0; cohort < 6; cohort++)
        {
            var monthsAgo = 6 - cohort;
            for (var j = 0; j < 3 + cohort; j++)
            {
                var customer = $"c-seed-{cohort}-{j}";
                for (var k = 0; k <= monthsAgo; k++)
                {
                    // Everyone buys in their first month; fewer come back each month after.
                    if (k > 0 && (j + k) % (k + 1) != 0)
                    {
                        continue;
                    }

                    var month = thisMonth.AddMonths(k - monthsAgo);
                    var at = month == thisMonth ? now.AddMinutes(-1) : month.AddDays(9).AddHours(12 + j);
                    var order = Id("S");
                    var amount = 20m + (17 * (cohort + 1) * (j + 2) % 280) + 0.95m;
                    await server.PurchaseAtAsync(order, customer, amount, at, markets[(cohort + j) % markets.Length]);
                    purchases++;
                    if (month == thisMonth)
                    {
                        todaysOrders.Add((customer, order));
                    }
                }
            }
        }

        // A big spender, so a tier above Member shows.
        for (var i = 0; i < 3; i++)
        {
            var order = Id("S");
            await server.PurchaseAtAsync(order, "c-seed-vip", 900m, now.AddMinutes(-2 - i), "DE");
            purchases++;
            todaysOrders.Add(("c-seed-vip", order));
        }

        for (var i = 0; i < 12; i++)
        {
            await server.VisitAsync($"s-seed-{i}", markets[i % markets.Length]);
        }

        for (var i = 0; i < 4; i++)
        {
            var customer = $"c-seed-web-{i}";
            var order = Id("S");
            await server.PurchaseAsync(order, customer, 35m + (i * 10), markets[i % markets.Length], sessionId: $"s-seed-{i}");
            purchases++;
            todaysOrders.Add((customer, order));
        }

        string[] categories = ["logistics", "quality", "logistics", "payment", "not-as-described"];
        for (var i = 0; i < categories.Length; i++)
        {
            await server.ComplaintAsync(Id("K"), todaysOrders[i].Customer, categories[i]);
        }

        int[] ratings = [5, 4, 5, 2, 4, 5];
        for (var i = 0; i < ratings.Length; i++)
        {
            await server.ReviewAsync(Id("R"), todaysOrders[i].Customer, todaysOrders[i].Order, ratings[i]);
        }

        return purchases;
    }

    /// <summary>Waits until the grid's KPIs count every seeded purchase, so the values read off the wall are settled.</summary>
    private async Task WaitUntilTheGridCountsAsync(int orders)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var seen = -1L;
        while (DateTime.UtcNow < deadline)
        {
            using var snapshot = await KpisAsync("");
            seen = snapshot.RootElement.GetProperty("allTime").GetProperty("orders").GetInt64();
            if (seen == orders)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The grid counted {seen} of the {orders} seeded purchases after 30 s.");
    }

    private async Task<long> TodaysOrdersAsync(string query)
    {
        using var snapshot = await KpisAsync(query);
        return snapshot.RootElement.GetProperty("today").GetProperty("orders").GetInt64();
    }

    private async Task<JsonDocument> KpisAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/kpis{query}", UriKind.Relative));
        request.Headers.Add("X-Api-Key", TestCredentials.OpsKey);
        using var response = await server.Process.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /api/v1/kpis{query} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private async Task<JsonDocument> FitModelAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/model/fit", UriKind.Relative));
        request.Headers.Add("X-Api-Key", TestCredentials.OpsKey);
        using var response = await server.Process.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v1/model/fit answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private static ILocator Today(IPage page, string tile) => page.Locator($"#tile-{tile} .tile-value");

    private static ILocator AllTime(IPage page, string tile) => page.Locator($"#tile-{tile} .tile-side-value");

    private static LocatorAssertionsToHaveTextOptions Remaining(Stopwatch since) =>
        new() { Timeout = (float)Math.Max(1, (Promise - since.Elapsed).TotalMilliseconds) };

    private static string Count(long value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => "$" + value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>The AOV as the server rounds it (to 2 decimals; either way at an exact half cent).</summary>
    private static Regex Average(decimal revenue, long orders)
    {
        var exact = revenue / orders;
        var options = new[] { MidpointRounding.AwayFromZero, MidpointRounding.ToEven }
            .Select(rounding => Regex.Escape(Money(Math.Round(exact, 2, rounding))))
            .Distinct();
        return new Regex($"^(?:{string.Join('|', options)})$");
    }

    private static long ParseCount(string text) =>
        long.Parse(text.Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    private static decimal ParseMoney(string text) =>
        decimal.Parse(text.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        var path = Path.Combine(Artifacts, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }
}
