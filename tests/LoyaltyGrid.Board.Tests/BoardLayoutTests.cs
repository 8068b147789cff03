using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Server.Board;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// A wall server whose grid feeds every panel at once: orders in six markets, visits from five
/// channels in two experiments, NPS and CSAT answers with comments, reviews with texts, and a
/// complaint spike that fires its one alert rule (store-a's complaint rate over the last 60
/// minutes, held for a second, so it keeps firing while the tests run). Fed once, before the tests.
/// </summary>
public sealed class FullWallServer : BoardServer
{
    public const string Rule = "wall-complaints";
    public const int Sessions = 20;
    public static readonly string[] Markets = ["US", "DE", "JP", "BR", "FR", "GB"];
    public static readonly int[] NpsScores = [10, 9, 9, 6, 3, 8, 10, 0];
    public static readonly int[] CsatScores = [5, 4, 2, 5, 1];

    private static readonly string?[] Channels = ["email", "social", "ads", "affiliate", null];
    private static readonly string[] Categories = ["logistics", "quality", "not-as-described", "return-refund", "payment", "service"];
    private static readonly string[] Comments =
    [
        "Quick delivery, I would recommend this shop.",
        "Terrible service, the parcel never arrived and nobody answered.",
        "It was fine.",
        "Great prices and friendly support, very happy.",
        "The product broke after one day, very disappointed.",
    ];

    protected override string Purpose => "board-full-wall";

    protected override void Configure(ServerProcessBuilder server) => server
        .With("Alerts__Defaults", "false")
        .With("Alerts__EvaluateInterval", "00:00:00.250")
        .With("Alerts__Rules__0__Name", Rule)
        .With("Alerts__Rules__0__Metric", "complaintRate")
        .With("Alerts__Rules__0__Storefront", TestCredentials.StoreA)
        .With("Alerts__Rules__0__Window", "60m")
        .With("Alerts__Rules__0__Condition", "above")
        .With("Alerts__Rules__0__Threshold", "0.3")
        .With("Alerts__Rules__0__MinVolume", "5")
        .With("Alerts__Rules__0__For", "00:00:01");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await FeedEveryPanelAsync();
    }

    private async Task FeedEveryPanelAsync()
    {
        var orders = new List<(string OrderId, string CustomerId)>();

        // The map: two orders in each market, revenue growing market by market so the shades differ.
        for (var i = 0; i < Markets.Length; i++)
        {
            for (var k = 0; k < 2; k++)
            {
                var (orderId, customerId) = (Id("M"), Id("c-map"));
                await PurchaseAsync(orderId, customerId, 35m + (160m * i) + (7.5m * k), Markets[i]);
                orders.Add((orderId, customerId));
            }
        }

        // Channels and experiments: four sessions from each of five channels (the fifth without one,
        // so direct), alternately in checkout-2026 and banner-color, each experiment's sessions split
        // between its control and one variant; two sessions in three buy.
        for (var i = 0; i < Sessions; i++)
        {
            var session = Id("s");
            var market = Markets[i % Markets.Length];
            var visit = EventBodies.Visit(session, DateTimeOffset.UtcNow, market);
            if (Channels[i % Channels.Length] is { } channel)
            {
                visit["channel"] = channel;
            }

            var checkout = i % 2 == 0;
            visit["experiment"] = checkout ? "checkout-2026" : "banner-color";
            visit["variant"] = i / 2 % 2 == 0 ? "control" : (checkout ? "one-page" : "blue");
            await PostOkAsync("/api/v1/visits", visit);
            if (i % 3 != 0)
            {
                var (orderId, customerId) = (Id("S"), Id("c-session"));
                await PurchaseAsync(orderId, customerId, 49.90m + (3m * i), market, session);
                orders.Add((orderId, customerId));
            }
        }

        // Surveys with comments and reviews with texts, on real orders.
        for (var i = 0; i < NpsScores.Length; i++)
        {
            var (orderId, customerId) = orders[i];
            await PostOkAsync("/api/v1/surveys", EventBodies.Survey(Id("n"), "nps", NpsScores[i], DateTimeOffset.UtcNow, customerId, orderId, Comments[i % Comments.Length]));
        }

        for (var i = 0; i < CsatScores.Length; i++)
        {
            var (orderId, customerId) = orders[^(i + 1)];
            await PostOkAsync("/api/v1/surveys", EventBodies.Survey(Id("q"), "csat", CsatScores[i], DateTimeOffset.UtcNow, customerId, orderId, Comments[(i + 2) % Comments.Length]));
        }

        for (var i = 0; i < 5; i++)
        {
            var (orderId, customerId) = orders[i + 3];
            await PostOkAsync("/api/v1/reviews", EventBodies.Review(Id("r"), customerId, orderId, 5 - i, DateTimeOffset.UtcNow, Comments[(i + 1) % Comments.Length]));
        }

        // The spike: a complaint on more than half of store-a's orders (every order here is store-a's).
        for (var i = 0; i < (orders.Count / 2) + 1; i++)
        {
            var (orderId, customerId) = orders[i];
            await PostOkAsync("/api/v1/complaints", EventBodies.Complaint(Id("cp"), customerId, Categories[i % Categories.Length], DateTimeOffset.UtcNow, orderId));
        }

        await SettledAsync();
    }

    /// <summary>Waits until the grid counts every answer and session and the alert fires, so each test sees the final wall.</summary>
    private async Task SettledAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var seen = "";
        while (DateTime.UtcNow < deadline)
        {
            var today = (await Api.GetOkAsync("/api/v1/kpis", TestCredentials.OpsCredential)).GetProperty("today");
            var visits = (await Api.GetOkAsync("/api/v1/kpis/channels", TestCredentials.OpsCredential)).GetProperty("channels").EnumerateArray().Sum(row => row.GetProperty("visits").GetInt64());
            var firing = (await Api.GetOkAsync("/api/v1/alerts?state=firing", TestCredentials.OpsCredential)).GetProperty("alerts").GetArrayLength();
            var nps = today.TryGetProperty("npsResponses", out var n) ? n.GetInt64() : 0;
            var csat = today.TryGetProperty("csatResponses", out var c) ? c.GetInt64() : 0;
            if (nps == NpsScores.Length && csat == CsatScores.Length && visits == Sessions && firing > 0)
            {
                return;
            }

            seen = $"{nps} NPS and {csat} CSAT answers, {visits} visits, {firing} firing alerts";
            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The grid still counted {seen} after 90 s.");
    }

    private async Task PostOkAsync(string path, JsonObject body)
    {
        using var response = await Api.PostAsync(path, body, TestCredentials.StoreACredential);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}

/// <summary>
/// The wall at 1920×1080 with every panel fed, in each language: readable (WallGeometry) and,
/// for the satisfaction panel, equal to the snapshot. Each language leaves docs' screenshot in
/// TestResults, and in <c>$BOARD_SCREENSHOTS_DIR</c> when set (docs/board.md, "Screenshots").
/// </summary>
public sealed class BoardLayoutTests(FullWallServer server, ITestOutputHelper output) : IClassFixture<FullWallServer>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patient = new() { Timeout = 20_000 };

    public static TheoryData<string> Languages() => new(BoardLanguages.Supported);

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Every_panel_fed_fits_the_1920x1080_wall_readably_in_each_language(string language)
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var browserLog = BrowserLog.Of(page);
        try
        {
            await OpenLiveAsync(page, language);

            // Every panel has its data: the banner, the map's markets, satisfaction, five channels, two experiments.
            await Expect(page.Locator("#alerts li.alert")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
            await Expect(page.Locator("#panel-satisfaction")).ToBeVisibleAsync(Patient);
            await Expect(page.Locator("#channel-table tbody tr")).ToHaveCountAsync(5, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
            await Expect(page.Locator("#experiment-list > li")).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
            await Expect(page.Locator("#market-list li").First).ToBeVisibleAsync(Patient);
            foreach (var panel in new[] { ".panel-map", ".panel-cohorts", ".panel-lifecycle", ".panel-tiers", ".panel-service", "#tile-orders", "#tile-likely-lost", "#tile-coupons-redeemed" })
            {
                await Expect(page.Locator(panel)).ToBeVisibleAsync();
            }

            Assert.Equal(13, await page.Locator("#tiles .tile").CountAsync());
            // Every market of the test has an outline on the map (city states have none: docs/board.md).
            Assert.Equal(FullWallServer.Markets.Length, await page.Locator("#world-map path.jvm-region.has-orders").CountAsync());
            await SettleAsync(page);
            var problems = await WallGeometry.ProblemsAsync(page);
            var listed = await page.Locator("#market-list li").CountAsync();
            output.WriteLine($"{language}: {listed} markets listed; text sizes {string.Join(", ", await WallGeometry.TextSizesAsync(page))}");
            await ScreenshotAsync(page, $"board-{language}.png", docs: true);
            Assert.True(problems.Length == 0, $"{language}: {string.Join(Environment.NewLine, problems)}");
            // The list may give its last markets up for room, but never below three.
            Assert.InRange(listed, 3, 5);
            Assert.DoesNotContain(browserLog, line => line.StartsWith("pageerror", StringComparison.Ordinal));
        }
        finally
        {
            browserLog.WriteTo(output);
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_satisfaction_panel_shows_the_snapshots_nps_csat_and_negative_share_formatted_for_the_language(string language)
    {
        var catalogue = Catalogue.Read(language);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await OpenLiveAsync(page, language);
        await Expect(page.Locator("#panel-satisfaction")).ToBeVisibleAsync(Patient);
        await Expect(page.Locator("#satisfaction-title")).ToHaveTextAsync(catalogue["satisfaction.title"]);
        await Expect(page.Locator("#satisfaction-figures [data-figure='nps'] dt")).ToHaveTextAsync(catalogue["satisfaction.nps"]);
        await Expect(page.Locator("#satisfaction-figures [data-figure='surveyCsat'] dt")).ToHaveTextAsync(catalogue["satisfaction.surveyCsat"]);
        await Expect(page.Locator("#satisfaction-figures [data-figure='negativeShare'] dt")).ToHaveTextAsync(catalogue["satisfaction.negativeShare"]);
        await Expect(page.Locator("#satisfaction-figures .figure-head .figure-period")).ToHaveTextAsync([catalogue["period.today"], catalogue["period.allTime"]]);

        using var snapshot = JsonDocument.Parse((await server.Api.GetOkAsync("/api/v1/kpis", TestCredentials.OpsCredential)).GetRawText());
        var today = snapshot.RootElement.GetProperty("today");
        var allTime = snapshot.RootElement.GetProperty("allTime");
        // Everything was posted today, on a fresh grid: today is all-time, and the answers are all there.
        Assert.Equal(FullWallServer.NpsScores.Length, today.GetProperty("npsResponses").GetInt64());
        Assert.Equal(FullWallServer.CsatScores.Length, today.GetProperty("csatResponses").GetInt64());
        Assert.True(today.GetProperty("sentiment").GetProperty("negative").GetInt64() > 0, "no text was labelled negative");

        foreach (var (figure, kind) in new[] { ("nps", "nps"), ("surveyCsat", "percent"), ("negativeShare", "percent") })
        {
            string[] want = [await FormatAsync(page, language, kind, Value(today, figure)), await FormatAsync(page, language, kind, Value(allTime, figure))];
            var row = page.Locator($"#satisfaction-figures [data-figure='{figure}']");
            await Expect(row.Locator(".figure-value, .figure-side")).ToHaveTextAsync(want);
            output.WriteLine($"{language} {figure}: today {want[0]}, all-time {want[1]}");
        }

        foreach (var sentiment in new[] { "positive", "neutral", "negative" })
        {
            var counted = today.GetProperty("sentiment").GetProperty(sentiment).GetDouble();
            var row = page.Locator($"#satisfaction-figures [data-figure='{sentiment}']");
            await Expect(row.Locator("dt")).ToHaveTextAsync(catalogue[$"sentiment.{sentiment}"]);
            await Expect(row.Locator(".figure-value")).ToHaveTextAsync(await FormatAsync(page, language, "count", counted));
        }
    }

    /// <summary>The value the wall shows for <paramref name="figure"/> of a period: null where it has no answers (a dash).</summary>
    private static double? Value(JsonElement period, string figure) => figure switch
    {
        "nps" => period.GetProperty("npsResponses").GetInt64() > 0 ? period.GetProperty("nps").GetDouble() : null,
        "surveyCsat" => period.GetProperty("csatResponses").GetInt64() > 0 ? period.GetProperty("surveyCsat").GetDouble() : null,
        "negativeShare" => period.GetProperty("sentiment") is var s && s.GetProperty("positive").GetInt64() + s.GetProperty("neutral").GetInt64() + s.GetProperty("negative").GetInt64() > 0
            ? s.GetProperty("negativeShare").GetDouble()
            : null,
        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, null),
    };

    /// <summary>The browser's own Intl for the language: a signed whole NPS, a percentage with one decimal, a count; a dash for nothing.</summary>
    private static Task<string> FormatAsync(IPage page, string language, string kind, double? value) =>
        page.EvaluateAsync<string>(
            """
            ([language, kind, value]) => value === null ? '—' : new Intl.NumberFormat(language, {
                nps: { maximumFractionDigits: 0, signDisplay: 'exceptZero' },
                percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 },
                count: { maximumFractionDigits: 0 },
            }[kind]).format(value)
            """,
            new object?[] { language, kind, value });

    private Task<IBrowserContext> NewContextAsync() =>
        server.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });

    private async Task OpenLiveAsync(IPage page, string language)
    {
        await page.GotoAsync($"{server.BoardUrl}?lang={language}");
        await page.FillAsync("#key-input", TestCredentials.OpsKey);
        await page.ClickAsync("#key-form button[type=submit]");
        await Expect(page.Locator("#connection[data-state='live']")).ToBeVisibleAsync(Patient);
        await Expect(page.Locator("#wall")).ToBeVisibleAsync();
    }

    /// <summary>
    /// The wall refits its figures 150 ms after a resize and its lists after each push; waits until
    /// two measurements half a second apart agree, so the one judged is not mid-render.
    /// </summary>
    internal static async Task SettleAsync(IPage page)
    {
        var last = "";
        for (var i = 0; i < 20; i++)
        {
            await page.WaitForTimeoutAsync(500);
            var now = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.tile, .panel, #alerts')].map(e => { const r = e.getBoundingClientRect(); return `${r.x},${r.y},${r.width},${r.height}`; }).join(';')");
            if (now == last)
            {
                return;
            }

            last = now;
        }
    }

    internal async Task ScreenshotAsync(IPage page, string name, bool docs)
    {
        var folders = new List<string> { Path.Combine(AppContext.BaseDirectory, "TestResults") };
        if (docs && Environment.GetEnvironmentVariable("BOARD_SCREENSHOTS_DIR") is { Length: > 0 } dir)
        {
            folders.Add(dir);
        }

        foreach (var folder in folders)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            output.WriteLine($"Screenshot: {path}");
        }
    }
}
