using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Reliability.Tests.Grid;

/// <summary>Three servers on one database of the shared test PostgreSQL, shared by the classes of one collection.</summary>
public sealed class ThreeServerFixture : IAsyncLifetime
{
    public ServerGrid Grid { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Grid = await ServerGrid.StartAsync(await TestPostgres.CreateMigratedDatabaseAsync("reliability"), count: 3);

    public async Task DisposeAsync()
    {
        if (Grid is not null)
        {
            await Grid.DisposeAsync();
        }
    }
}

/// <summary>
/// The classes that share the three servers run one after the other, so the KPI changes one
/// test measures are its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ThreeServerCollection : ICollectionFixture<ThreeServerFixture>
{
    public const string Name = "three servers";
}
