using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>A wall server with one alert rule on store-a's complaint rate, held for a second.</summary>
public sealed class AlertBoardServer : BoardServer
{
    public const string Rule = "board-complaints";

    protected override string Purpose => "board-alerts";

    protected override void Configure(ServerProcessBuilder server) => server
        .With("Alerts__Defaults", "false")
        .With("Alerts__EvaluateInterval", "00:00:00.250")
        .With("Alerts__Rules__0__Name", Rule)
        .With("Alerts__Rules__0__Metric", "complaintRate")
        .With("Alerts__Rules__0__Storefront", TestCredentials.StoreA)
        .With("Alerts__Rules__0__Condition", "above")
        .With("Alerts__Rules__0__Threshold", "0.3")
        .With("Alerts__Rules__0__MinVolume", "5")
        .With("Alerts__Rules__0__For", "00:00:01");
}

/// <summary>The alert banner appears, in the page's language, while an alert fires, and clears when it resolves.</summary>
public sealed class BoardAlertTests(AlertBoardServer server) : IClassFixture<AlertBoardServer>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };

    [Fact]
    public async Task The_alert_banner_appears_while_a_complaint_spike_fires_and_clears_when_it_resolves()
    {
        var de = Catalogue.Read("de");
        await using var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{server.BoardUrl}?lang=de");
        await page.FillAsync("#key-input", TestCredentials.OpsKey);
        await page.ClickAsync("#key-form button[type=submit]");
        await Expect(page.Locator("#connection[data-state='live']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 20_000 });
        await Expect(page.Locator("#alerts")).ToBeHiddenAsync();

        // Five orders of store-a, each with a complaint: a complaint rate of 1 on MinVolume orders.
        for (var i = 0; i < 5; i++)
        {
            var customer = $"c-alert-{Guid.NewGuid():N}";
            await server.PurchaseAsync($"A-{Guid.NewGuid():N}", customer, 20m);
            await server.ComplaintAsync($"cp-{Guid.NewGuid():N}", customer, "logistics");
        }

        // On the grid's wall (the grid holds every storefront), pushed without a reload.
        var banner = page.Locator("#alerts");
        await Expect(banner).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#alerts-title")).ToHaveTextAsync(de["alerts.title"]);
        var alert = page.Locator("#alert-list li.alert");
        await Expect(alert).ToHaveCountAsync(1);
        await Expect(alert.Locator(".alert-metric")).ToHaveTextAsync(de["metric.complaintRate"]);
        await Expect(alert.Locator(".alert-where")).ToHaveTextAsync(TestCredentials.StoreA);
        Assert.Equal(AlertBoardServer.Rule, await alert.GetAttributeAsync("title"));
        var firing = await FiringIdsAsync();
        Assert.Equal([await alert.GetAttributeAsync("data-alert-id")], firing);

        // The spike ends: 20 orders without complaints bring the rate to 5 / 25.
        for (var i = 0; i < 20; i++)
        {
            await server.PurchaseAsync($"A-{Guid.NewGuid():N}", $"c-calm-{Guid.NewGuid():N}", 20m);
        }

        await Expect(banner).ToBeHiddenAsync(new LocatorAssertionsToBeHiddenOptions { Timeout = 60_000 });
        Assert.Empty(await FiringIdsAsync());
    }

    private async Task<List<string?>> FiringIdsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/alerts?state=firing");
        request.Headers.Add("X-Api-Key", TestCredentials.OpsKey);
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("alertId").GetString())];
    }
}
