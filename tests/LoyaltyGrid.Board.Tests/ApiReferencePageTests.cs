using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// The API reference at <c>/api</c> as a browser renders it. It shares this project's headless
/// Chromium: the page is script-built from the OpenAPI document, so only a browser sees it.
/// </summary>
public sealed class ApiReferencePageTests(BoardServer server) : IClassFixture<BoardServer>
{
    [Fact]
    public async Task The_reference_page_shows_no_class_names_as_headings()
    {
        using var openApi = await server.Process.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var document = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync());
        var schemaNames = document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(schema => schema.Name).ToList();
        Assert.Contains("PurchaseRequest", schemaNames);

        await using var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.Process.BaseAddress, "/api").ToString());
        await Expect(page.Locator("article.operation").First).ToBeVisibleAsync(new() { Timeout = 20_000 });

        var headings = await page.Locator("h1, h2, h3, h4, h5, h6").AllTextContentsAsync();
        Assert.Contains("Request body (application/json)", headings);
        var text = await page.Locator("body").InnerTextAsync();
        var shown = schemaNames.Where(name => Regex.IsMatch(text, $@"\b{Regex.Escape(name)}\b")).ToList();
        Assert.True(shown.Count == 0, $"The page shows the class names {string.Join(", ", shown)}.");
    }
}
