using LoyaltyGrid.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// An in-process Orleans cluster whose silos use the product's PostgreSQL configuration
/// (membership, reminders, the journal) on a database of their own.
/// </summary>
public static class LoyaltyGridTestCluster
{
    private const string ConnectionStringKey = "LoyaltyGridTest:ConnectionString";

    /// <param name="settings">Configuration every silo gets besides the database (a test's alert rules).</param>
    public static async Task<TestCluster> StartAsync(string connectionString, short silos, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = new TestClusterBuilder(silos);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.Options.UseTestClusterMembership = false;
        builder.Properties[ConnectionStringKey] = connectionString;
        // A killed silo's projections and due partitions are taken over by another within a few of these.
        builder.Properties["Journal:Projections:OwnershipInterval"] = "00:00:00.5";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration[ConnectionStringKey]!;
            siloBuilder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            siloBuilder.UseLoyaltyGridMembershipAndReminders().UseLoyaltyGridGrains(siloBuilder.Configuration);

            // A killed silo must be declared dead within seconds, not the production minute.
            siloBuilder.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(1);
                membership.NumMissedProbesLimit = 2;
                membership.NumVotesForDeathDeclaration = 1;
                membership.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            });
            siloBuilder.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(5));
            siloBuilder.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = "Npgsql";
                clustering.ConnectionString = configuration[ConnectionStringKey];
            });
            clientBuilder.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(5));
            clientBuilder.Services.AddLoyaltyGridSerialization();
        }
    }
}
