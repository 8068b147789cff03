using LoyaltyGrid.Storage.GroupCommit;
using LoyaltyGrid.Storage.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LoyaltyGrid.Storage;

/// <summary>
/// Registers grain storage on LoyaltyGrid's <c>grain_state</c> table: both concrete providers under
/// names of their own (so benchmarks and tests can reach either) and, under the name grains use, the
/// router that picks one per state name from the <c>Storage</c> section, behind
/// <see cref="StringKeyedGrainStorage"/>. All of them use the
/// <see cref="NpgsqlDataSource"/> registered in the silo's services.
/// </summary>
public static class GrainStorageSetup
{
    /// <summary>Orleans' ADO.NET provider, one transaction per write.</summary>
    public const string AdoNetProviderName = "loyalty-adonet";

    /// <summary>The group-commit provider.</summary>
    public const string GroupCommitProviderName = "loyalty-group-commit";

    private const string NpgsqlInvariant = "Npgsql";

    public static ISiloBuilder AddLoyaltyGridGrainStorage(this ISiloBuilder silo, string name, IConfiguration configuration)
    {
        silo.AddAdoNetGrainStorage(AdoNetProviderName, storage => storage.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
            options.GrainStorageSerializer = new JsonGrainStateSerializer();
            // Erasing a customer must remove the row, not leave an empty one behind.
            options.DeleteStateOnClear = true;
        }));

        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<GroupCommitMetrics>();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddGrainStorage(GroupCommitProviderName, CreateGroupCommit);
        // Both providers would read a hex-looking string key as a number; the router sees keys kept strings.
        services.AddGrainStorage(name, (provider, _) => new StringKeyedGrainStorage(new StateNameStorageRouter(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredKeyedService<IGrainStorage>(GroupCommitProviderName),
            provider.GetRequiredKeyedService<IGrainStorage>(AdoNetProviderName))));
        return silo;
    }

    /// <summary>A group-commit provider with the silo's data source, service id and serializer, and the options given (tests vary them).</summary>
    public static GroupCommitGrainStorage CreateGroupCommit(IServiceProvider services, string name, GroupCommitOptions options) => new(
        name,
        services.GetRequiredService<NpgsqlDataSource>(),
        services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
        options,
        new JsonGrainStateSerializer(),
        services.GetRequiredService<IActivatorProvider>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<GroupCommitMetrics>(),
        services.GetRequiredService<ILogger<GroupCommitGrainStorage>>());

    private static GroupCommitGrainStorage CreateGroupCommit(IServiceProvider services, string name) =>
        CreateGroupCommit(services, name, services.GetRequiredService<IOptions<StorageOptions>>().Value.GroupCommit);
}
