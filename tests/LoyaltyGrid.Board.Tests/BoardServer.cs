using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Testing;
using Microsoft.Playwright;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// One real server process on a database of its own, with one storefront key and one ops key
/// (configured as environment variables, as an operator would), and one headless Chromium.
/// Each test opens its own browser context, so the ops key one test types is not in another's
/// sessionStorage.
/// </summary>
public sealed class BoardServer : IAsyncLifetime
{
    public const string Storefront = "board-store";
    public const string StorefrontKey = "sf-board-7d1e5c3a9b2f4e6d8c0a1b3c";
    public const string OpsKey = "ops-board-2c4e6a8b0d1f3e5a7c9b1d3f";
    private const string SigningKey = "board-test-signing-key-0f9e8d7c6b5a49382716";

    private static readonly JsonSerializerOptions OmitNulls = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private IPlaywright? _playwright;
    private Dictionary<string, string> _environment = [];

    public ServerProcess Process { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // First, so a machine without the browser fails at once with the reason, not after a server start.
        var chromium = Chromium.ExecutablePath();

        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("board");
        _environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__LoyaltyGrid"] = connectionString,
            ["Auth__ApiKeys__0__Key"] = StorefrontKey,
            ["Auth__ApiKeys__0__Role"] = "storefront",
            ["Auth__ApiKeys__0__Storefront"] = Storefront,
            ["Auth__ApiKeys__1__Key"] = OpsKey,
            ["Auth__ApiKeys__1__Role"] = "ops",
            ["Auth__TokenSigningKey"] = SigningKey,
        };
        Process = ServerProcess.Start(_environment);
        await Process.WaitUntilReadyAsync();

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

    /// <summary>Kills the server (SIGKILL, an outage) and, after <paramref name="downtime"/>, starts it again on the same ports and database.</summary>
    public async Task KillAndRestartAsync(TimeSpan downtime)
    {
        var previous = Process;
        await previous.KillAsync();
        await Task.Delay(downtime);
        Process = ServerProcess.Restart(previous, _environment);
        await previous.DisposeAsync();
        await Process.WaitUntilReadyAsync();
    }

    public string BoardUrl => new Uri(Process.BaseAddress, "/board").ToString();

    /// <summary>A purchase of today (now, UTC, with its offset) in USD, posted with the storefront key; expects 200.</summary>
    public Task PurchaseAsync(string orderId, string customerId, decimal amount, string market = "DE", string? sessionId = null) =>
        PurchaseAtAsync(orderId, customerId, amount, DateTimeOffset.UtcNow, market, sessionId);

    public Task PurchaseAtAsync(string orderId, string customerId, decimal amount, DateTimeOffset occurredAt, string market = "DE", string? sessionId = null) =>
        PostAsync("/api/v1/purchases", new
        {
            orderId,
            customerId,
            amount,
            currency = "USD",
            market,
            occurredAt = Timestamp(occurredAt),
            sessionId,
        });

    public Task VisitAsync(string sessionId, string market = "DE") =>
        PostAsync("/api/v1/visits", new { sessionId, market, occurredAt = Timestamp(DateTimeOffset.UtcNow) });

    public Task ComplaintAsync(string complaintId, string customerId, string category) =>
        PostAsync("/api/v1/complaints", new { complaintId, customerId, category, occurredAt = Timestamp(DateTimeOffset.UtcNow) });

    public Task ReviewAsync(string reviewId, string customerId, string orderId, int rating) =>
        PostAsync("/api/v1/reviews", new { reviewId, customerId, orderId, rating, occurredAt = Timestamp(DateTimeOffset.UtcNow) });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }

    private async Task PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = JsonContent.Create(body, options: OmitNulls),
        };
        request.Headers.Add("X-Api-Key", StorefrontKey);
        using var response = await Process.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    private static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
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
