using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Grains.Alerts;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Testing;
using Npgsql;
using Orleans.TestingHost;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// One owner per alert rule in the cluster: the silo holding a firing alert's owner is killed
/// mid-spike, another silo's evaluator brings the owner back from its journal stream, and the
/// spike is still exactly one alert, fired once and resolved once.
/// </summary>
public sealed class AlertFailoverTests : IAsyncLifetime
{
    private const string Rule = "cluster-spike";
    private const string Store = "cluster-store";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private TestCluster _cluster = null!;
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("alerts");
        _database = NpgsqlDataSource.Create(connectionString);
        _cluster = await LoyaltyGridTestCluster.StartAsync(connectionString, silos: 3, new Dictionary<string, string>
        {
            ["Alerts:Defaults"] = "false",
            ["Alerts:EvaluateInterval"] = "00:00:00.250",
            ["Alerts:Rules:0:Name"] = Rule,
            ["Alerts:Rules:0:Metric"] = "complaintRate",
            ["Alerts:Rules:0:Storefront"] = Store,
            ["Alerts:Rules:0:Condition"] = "above",
            ["Alerts:Rules:0:Threshold"] = "0.3",
            ["Alerts:Rules:0:MinVolume"] = "10",
            ["Alerts:Rules:0:For"] = "00:00:02",
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_silo_that_holds_a_firing_alerts_owner_leaves_exactly_one_alert()
    {
        // The spike: 12 orders of store-a, each with a complaint.
        for (var i = 0; i < 12; i++)
        {
            var customer = _cluster.GrainFactory.GetGrain<ICustomerGrain>(TestIds.New("c"));
            var order = TestIds.New("o");
            await customer.Purchase(new PurchaseCommand(Store, order, 25m, "USD", "DE", DateTimeOffset.UtcNow, null, null));
            await customer.OpenComplaint(new ComplaintCommand(Store, TestIds.New("cp"), order, "logistics", DateTimeOffset.UtcNow, null));
        }

        await WaitUntilAsync(async () => await JournaledAsync() == 1);
        var owner = _cluster.GrainFactory.GetGrain<IAlertRuleGrain>(Rule);
        var host = await _cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(owner);
        var victim = _cluster.Silos.Single(silo => silo.SiloAddress.Equals(host));

        await _cluster.KillSiloAsync(victim);

        // Mid-spike the owner comes back elsewhere (the survivors' evaluators ask for it) and finds the alert firing.
        await WaitUntilAsync(async () =>
        {
            var alerts = await FailoverTests.RetryUntilAnsweredAsync(owner.Alerts, Patience);
            var address = await _cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(owner);
            return address is not null && !address.Equals(host) && alerts.Count == 1 && alerts[0].IsFiring;
        });
        // Its hold runs again from the new activation's first look: several holds' worth of looks at the spike.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await JournaledAsync());

        // The spike ends: 30 more orders without complaints bring the rate to 12 / 42.
        for (var i = 0; i < 30; i++)
        {
            var customer = _cluster.GrainFactory.GetGrain<ICustomerGrain>(TestIds.New("c"));
            await FailoverTests.RetryUntilAnsweredAsync(() => customer.Purchase(new PurchaseCommand(Store, TestIds.New("o"), 25m, "USD", "DE", DateTimeOffset.UtcNow, null, null)), Patience);
        }

        await WaitUntilAsync(async () => await JournaledAsync() == 2);
        var history = await owner.Alerts();
        var alert = Assert.Single(history);
        Assert.Equal((Alert.IdOf(Rule, 1), Alert.Resolved), (alert.AlertId, alert.State));
        Assert.Equal(
            "alert-firing:alert.firing:cluster-spike:1 alert-resolved:alert.resolved:cluster-spike:1",
            await ScalarAsync<string>("""
                SELECT string_agg(type || ':' || (payload->'notices'->0->>'type') || ':' || (payload->'alert'->>'alertId'), ' ' ORDER BY seq)
                FROM journal WHERE stream = 'a:' || @rule
                """));
    }

    private Task<long> JournaledAsync() => ScalarAsync<long>("SELECT count(*) FROM journal WHERE stream = 'a:' || @rule");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        command.Parameters.AddWithValue("rule", Rule);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(250);
        }
    }
}
