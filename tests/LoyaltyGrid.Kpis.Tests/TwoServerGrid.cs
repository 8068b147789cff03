using System.Net.Http.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Kpis.Tests;

/// <summary>Two real server processes forming one cluster on a database of their own.</summary>
public sealed class TwoServerGrid : IAsyncLifetime
{
    public const string Storefront = "shop-kpi";
    public const string StorefrontKey = "sf-kpi-7d1e2f3a4b5c6d7e8f9a0b1c";
    public const string OpsKey = "ops-kpi-1a2b3c4d5e6f7a8b9c0d1e2f";

    public ServerProcess First { get; private set; } = null!;

    public ServerProcess Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__LoyaltyGrid"] = await TestPostgres.CreateMigratedDatabaseAsync("kpis"),
            ["Auth__ApiKeys__0__Key"] = StorefrontKey,
            ["Auth__ApiKeys__0__Role"] = "storefront",
            ["Auth__ApiKeys__0__Storefront"] = Storefront,
            ["Auth__ApiKeys__1__Key"] = OpsKey,
            ["Auth__ApiKeys__1__Role"] = "ops",
            ["Auth__TokenSigningKey"] = "kpi-tests-signing-key-0123456789abcdef",
        };
        First = ServerProcess.Start(environment);
        Second = ServerProcess.Start(environment);
        await Task.WhenAll(First.WaitUntilReadyAsync(), Second.WaitUntilReadyAsync());
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    public static async Task PurchaseAsync(ServerProcess server, string customerId, string orderId, decimal amount, string market = "DE")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/purchases", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                orderId,
                customerId,
                amount,
                currency = "USD",
                market,
                occurredAt = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }),
        };
        request.Headers.Add("X-Api-Key", StorefrontKey);
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"purchase {orderId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
