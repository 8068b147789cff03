using System.Net;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Silo.Alerts;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Projections;
using LoyaltyGrid.Projections.Webhooks;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Grains.Prediction;
using LoyaltyGrid.Grains.Rewards;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;

namespace LoyaltyGrid.Silo;

/// <summary>
/// The one place that says how a LoyaltyGrid silo is built: membership and reminders on
/// LoyaltyGrid's PostgreSQL schema (Orleans' ADO.NET providers), grain state in the event journal
/// beside them. The server and the cluster tests both build silos through it.
/// </summary>
public static class SiloConfiguration
{
    private const string NpgsqlInvariant = "Npgsql";

    public static ISiloBuilder UseLoyaltyGrid(this ISiloBuilder silo, OrleansHostingOptions options, IConfiguration configuration)
    {
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedIPAddress), options.SiloPort, options.GatewayPort);
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        // Membership's clock also drives the silo watchdog, which otherwise warns of a "deadlock" on start.
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, new ProcessRelativeClock());
        return silo.UseLoyaltyGridMembershipAndReminders().UseLoyaltyGridGrains(configuration);
    }

    /// <summary>What LoyaltyGrid's grains need besides storage: rules, clock, the event journal and its projections, metrics, message codecs.</summary>
    public static ISiloBuilder UseLoyaltyGridGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddLoyaltyRules(configuration);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<CustomerJournalOptions>().Bind(configuration.GetSection(CustomerJournalOptions.SectionName));
        silo.Services.AddLoyaltyGridJournal(configuration);
        silo.Services.AddLoyaltyGridProjections();
        silo.Services.AddLoyaltyGridWebhooks(configuration);
        silo.Services.AddOptions<RepurchaseModelOptions>().Bind(configuration.GetSection(RepurchaseModelOptions.SectionName));
        silo.Services.TryAddSingleton<IRepurchaseModelStore, PostgresRepurchaseModelStore>();
        silo.Services.AddLoyaltyGridCampaigns(configuration);
        silo.Services.AddLoyaltyGridAlerts(configuration);
        silo.Services.TryAddSingleton<PostgresRewardStore>();
        silo.Services.TryAddSingleton<IRewardStore>(services => services.GetRequiredService<PostgresRewardStore>());
        silo.Services.TryAddSingleton<ICouponStore>(services => services.GetRequiredService<PostgresRewardStore>());
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<LoyaltyGridMetrics>();
        silo.Services.AddLoyaltyGridSerialization();
        return silo;
    }

    /// <summary>Campaigns: their table, and every silo's copy of them in memory, loaded before the silo becomes active.</summary>
    public static IServiceCollection AddLoyaltyGridCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CampaignCacheOptions>().Bind(configuration.GetSection(CampaignCacheOptions.SectionName));
        services.TryAddSingleton<ICampaignStore, PostgresCampaignStore>();
        services.TryAddSingleton<CampaignCache>();
        services.TryAddSingleton<ICampaignCatalog>(provider => provider.GetRequiredService<CampaignCache>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<CampaignCache>());
        return services;
    }

    /// <summary>
    /// The domain stays free of Orleans attributes; its records travel in grain messages as JSON.
    /// Silos and external clients both need this.
    /// A storage failure on the silo that hosts a grain reaches the caller's silo as the database
    /// driver's exception; without its namespace here Orleans could not serialize it, and a
    /// request that should be a 503 became a 500 (a CodecNotFoundException) whenever the grain
    /// lived on another silo.
    /// </summary>
    public static IServiceCollection AddLoyaltyGridSerialization(this IServiceCollection services)
    {
        services.Configure<ExceptionSerializationOptions>(exceptions => exceptions.SupportedNamespacePrefixes.Add("Npgsql"));
        return services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("LoyaltyGrid.Domain", StringComparison.Ordinal) == true));
    }

    /// <summary>
    /// Membership and reminders on PostgreSQL, without endpoint or identity settings.
    /// They share the <see cref="NpgsqlDataSource"/> registered in the silo's services.
    /// </summary>
    public static ISiloBuilder UseLoyaltyGridMembershipAndReminders(this ISiloBuilder silo)
    {
        silo.UseAdoNetClustering(clustering => clustering.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        }));
        silo.Services.UseAdoNetReminderService(reminders => reminders.Configure<NpgsqlDataSource>((options, dataSource) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        }));
        return silo;
    }
}
