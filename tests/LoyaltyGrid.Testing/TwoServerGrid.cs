using Xunit;

namespace LoyaltyGrid.Testing;

/// <summary>Two real server processes forming one cluster on a database of their own (KPIs and campaigns across servers).</summary>
public sealed class TwoServerGrid : IAsyncLifetime
{
    public ServerProcess First { get; private set; } = null!;

    public ServerProcess Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = ServerProcess.Configure().WithDatabase(await TestPostgres.CreateMigratedDatabaseAsync("kpis")).WithCredentials();
        First = servers.Start();
        Second = servers.Start();
        await Task.WhenAll(First.WaitUntilReadyAsync(), Second.WaitUntilReadyAsync());
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }

    public static async Task PurchaseAsync(ServerProcess server, string customerId, string orderId, decimal amount, string market = "DE")
    {
        using var response = await new ApiClient(server.Http).PostAsync(
            "/api/v1/purchases", EventBodies.Purchase(orderId, customerId, amount, DateTimeOffset.UtcNow, market: market), TestCredentials.StoreACredential);
        Assert.True(response.IsSuccessStatusCode, $"purchase {orderId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
