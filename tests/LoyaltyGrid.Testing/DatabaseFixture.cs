using Xunit;

namespace LoyaltyGrid.Testing;

/// <summary>A database of its own for one test class, with LoyaltyGrid's schema applied.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("class");

    public Task DisposeAsync() => Task.CompletedTask;
}
