using LoyaltyGrid.Testing;
using Microsoft.Playwright;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// One real server process on a database of its own (see <see cref="ServerFixture"/>), and one
/// headless Chromium. Each test opens its own browser context, so the ops key one test types is
/// not in another's sessionStorage. A test class that needs other settings derives from it.
/// </summary>
public class BoardServer : ServerFixture
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    protected override string Purpose => "board";

    public override async Task InitializeAsync()
    {
        // First, so a machine without the browser fails at once with the reason, not after a server start.
        var chromium = Chromium.ExecutablePath();

        await base.InitializeAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public string BoardUrl => new Uri(Process.BaseAddress, "/board").ToString();

    /// <summary>A purchase of now in USD, posted with the storefront key; expects success.</summary>
    public Task PurchaseAsync(string orderId, string customerId, decimal amount, string market = "DE", string? sessionId = null) =>
        PurchaseAtAsync(orderId, customerId, amount, DateTimeOffset.UtcNow, market, sessionId);

    public Task PurchaseAtAsync(string orderId, string customerId, decimal amount, DateTimeOffset occurredAt, string market = "DE", string? sessionId = null) =>
        PostAsync("/api/v1/purchases", EventBodies.Purchase(orderId, customerId, amount, occurredAt, market: market, sessionId: sessionId));

    public Task VisitAsync(string sessionId, string market = "DE") =>
        PostAsync("/api/v1/visits", EventBodies.Visit(sessionId, DateTimeOffset.UtcNow, market));

    public Task ComplaintAsync(string complaintId, string customerId, string category) =>
        PostAsync("/api/v1/complaints", EventBodies.Complaint(complaintId, customerId, category, DateTimeOffset.UtcNow));

    public Task ReviewAsync(string reviewId, string customerId, string orderId, int rating) =>
        PostAsync("/api/v1/reviews", EventBodies.Review(reviewId, customerId, orderId, rating, DateTimeOffset.UtcNow));

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await Api.PostAsync(path, body, TestCredentials.StoreACredential);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
    }
}

/// <summary>The machine's Chromium: Debian's package, which .ci/run installs; Playwright never downloads one.</summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>CHROMIUM_PATH, else Debian's; fails (never skips) with what to install when it is missing.</summary>
    public static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {path}. The board tests drive the machine's Chromium: install it with " +
                "`apt-get update && apt-get install -y chromium` (.ci/run does this), or set CHROMIUM_PATH to a Chromium executable.");
        }

        return path;
    }
}
