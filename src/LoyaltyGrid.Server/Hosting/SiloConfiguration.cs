using System.Net;
using LoyaltyGrid.Grains.Storage;
using Npgsql;
using Orleans.Configuration;

namespace LoyaltyGrid.Server.Hosting;

/// <summary>
/// The one place that says how a LoyaltyGrid silo is built: membership, grain state and reminders
/// all on LoyaltyGrid's PostgreSQL schema through Orleans' ADO.NET providers. The server and the
/// cluster tests both build silos through it.
/// </summary>
public static class SiloConfiguration
{
    private const string NpgsqlInvariant = "Npgsql";

    public static ISiloBuilder UseLoyaltyGrid(this ISiloBuilder silo, OrleansHostingOptions options)
    {
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedIPAddress), options.SiloPort, options.GatewayPort);
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        return silo.UseLoyaltyGridStorage();
    }

    /// <summary>
    /// Membership, grain storage and reminders on PostgreSQL, without endpoint or identity settings.
    /// They share the <see cref="NpgsqlDataSource"/> registered in the silo's services.
    /// </summary>
    public static ISiloBuilder UseLoyaltyGridStorage(this ISiloBuilder silo)
    {
        silo.UseAdoNetClustering(clustering => clustering.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        }));
        silo.AddAdoNetGrainStorage(StorageNames.Loyalty, storage => storage.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
            options.GrainStorageSerializer = new JsonGrainStateSerializer();
            // Erasing a customer must remove the row, not leave an empty one behind.
            options.DeleteStateOnClear = true;
        }));
        silo.Services.UseAdoNetReminderService(reminders => reminders.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        }));
        return silo;
    }
}
