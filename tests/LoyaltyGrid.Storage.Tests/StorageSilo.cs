using LoyaltyGrid.Storage.GroupCommit;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Storage;

namespace LoyaltyGrid.Storage.Tests;

/// <summary>
/// A real silo (one, localhost membership) on a database of its own whose grain storage is
/// registered as the server registers it. The tests call the providers the silo built directly,
/// as Orleans' persistent state would.
/// </summary>
public sealed class StorageSilo : IAsyncLifetime
{
    public const string RouterName = "loyalty";

    /// <summary>A state name routed to the ADO.NET provider by this silo's configuration.</summary>
    public const string AdoNetRoutedState = "routed-to-adonet";

    private IHost _host = null!;

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => _host.Services;

    public IGrainStorage Router => Services.GetRequiredKeyedService<IGrainStorage>(RouterName);

    public IGrainStorage AdoNet => Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.AdoNetProviderName);

    public GroupCommitGrainStorage GroupCommit => (GroupCommitGrainStorage)Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.GroupCommitProviderName);

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("storage");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:GroupCommit:Window"] = "00:00:00.002",
            ["Storage:GroupCommit:MaxBatch"] = "200",
            [$"Storage:Providers:{AdoNetRoutedState}"] = "AdoNet",
        });
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(ConnectionString));
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: TestPostgres.FreePort(), gatewayPort: TestPostgres.FreePort());
            silo.AddLoyaltyGridGrainStorage(RouterName, builder.Configuration);
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>A group-commit provider of the silo's making with options of the test's choosing; dispose it when done.</summary>
    public GroupCommitGrainStorage CreateGroupCommit(TimeSpan window, int maxBatch) =>
        GrainStorageSetup.CreateGroupCommit(Services, $"test-{Guid.NewGuid():N}", new GroupCommitOptions { Window = window, MaxBatch = maxBatch });

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
