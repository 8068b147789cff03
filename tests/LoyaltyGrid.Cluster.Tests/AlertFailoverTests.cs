using System.Text.Json;
using LoyaltyGrid.Domain.Alerts;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Grains.Alerts;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Testing;
using Npgsql;
using Orleans.TestingHost;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// One owner per alert rule in the cluster: the silo holding a firing alert's owner is killed
/// mid-spike, another silo's evaluator brings the owner back from its journal stream, and the
/// spike is still exactly one alert, fired once and resolved once.
/// </summary>
public sealed class AlertFailoverTests(AlertCluster fixture) : IClassFixture<AlertCluster>
{
    private const string Rule = AlertCluster.SpikeRule;
    private const string Store = AlertCluster.SpikeStore;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Killing_the_silo_that_holds_a_firing_alerts_owner_leaves_exactly_one_alert()
    {
        // The spike: 12 orders of the store, each with a complaint.
        await SpikeAsync(Store, 12);

        await WaitUntilAsync(async () => await JournaledAsync() == 1);
        var owner = Cluster.GrainFactory.GetGrain<IAlertRuleGrain>(Rule);
        var host = await Cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(owner);
        var victim = Cluster.Silos.Single(silo => silo.SiloAddress.Equals(host));

        await Cluster.KillSiloAsync(victim);

        // Mid-spike the owner comes back elsewhere (the survivors' evaluators ask for it) and finds the alert firing.
        await WaitUntilAsync(async () =>
        {
            var alerts = await FailoverTests.RetryUntilAnsweredAsync(owner.Alerts, Patience);
            var address = await Cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(owner);
            return address is not null && !address.Equals(host) && alerts.Count == 1 && alerts[0].IsFiring;
        });
        // Its hold runs again from the new activation's first look: several holds' worth of looks at the spike.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await JournaledAsync());

        // The spike ends: 30 more orders without complaints bring the rate to 12 / 42.
        for (var i = 0; i < 30; i++)
        {
            var customer = Cluster.GrainFactory.GetGrain<ICustomerGrain>(TestIds.New("c"));
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

    [Fact]
    public async Task An_owner_that_lost_the_race_to_journal_a_firing_takes_the_winners_alert_instead_of_firing_twice()
    {
        const string rule = AlertCluster.RacedRule;
        var owner = Cluster.GrainFactory.GetGrain<IAlertRuleGrain>(rule);
        Assert.Empty(await owner.Alerts());

        // Another activation (as in a partition) journals the firing first, behind this owner's back.
        var theirs = new Alert(Alert.IdOf(rule, 1), rule, "complaintRate", AlertCluster.RacedStore, null, Alert.Firing, 0.99m, null, 0.3m, DateTimeOffset.UtcNow, null);
        var payload = JsonSerializer.Serialize(new AlertEvent { Alert = theirs, Notices = [AlertNotice.Of(theirs)] }, JournaledEvent.Json);
        await using (var insert = fixture.Database.CreateCommand(
            "INSERT INTO journal (stream, seq, event_id, type, occurred_at, accepted_at, payload) VALUES ('a:' || @rule, 1, @id, @type, now(), now(), @payload::json)"))
        {
            insert.Parameters.AddWithValue("rule", rule);
            insert.Parameters.AddWithValue("id", AlertEvent.IdOf(theirs));
            insert.Parameters.AddWithValue("type", AlertEvent.FiringType);
            insert.Parameters.AddWithValue("payload", payload);
            await insert.ExecuteNonQueryAsync();
        }

        // The spike makes this owner decide to fire too; its append of sequence 1 is refused.
        await SpikeAsync(AlertCluster.RacedStore, 10);

        await WaitUntilAsync(async () => (await owner.Alerts()).SingleOrDefault() is { } known && known.IsFiring);
        Assert.Equal(theirs, (await owner.Alerts()).Single());
        await Task.Delay(TimeSpan.FromSeconds(2)); // many more looks at the spike, each finding it firing
        Assert.Equal(1, await JournaledAsync(rule));
        Assert.Equal(theirs, (await owner.Alerts()).Single());
    }

    private async Task SpikeAsync(string store, int orders)
    {
        for (var i = 0; i < orders; i++)
        {
            var customer = Cluster.GrainFactory.GetGrain<ICustomerGrain>(TestIds.New("c"));
            var order = TestIds.New("o");
            await FailoverTests.RetryUntilAnsweredAsync(() => customer.Purchase(new PurchaseCommand(store, order, 25m, "USD", "DE", DateTimeOffset.UtcNow, null, null)), Patience);
            await FailoverTests.RetryUntilAnsweredAsync(() => customer.OpenComplaint(new ComplaintCommand(store, TestIds.New("cp"), order, "logistics", DateTimeOffset.UtcNow, null)), Patience);
        }
    }

    private Task<long> JournaledAsync(string rule = Rule) => ScalarAsync<long>("SELECT count(*) FROM journal WHERE stream = 'a:' || @rule", rule);

    private async Task<T> ScalarAsync<T>(string sql, string rule = Rule)
    {
        await using var command = fixture.Database.CreateCommand(sql);
        command.Parameters.AddWithValue("rule", rule);
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

/// <summary>Three silos with two alert rules held briefly: one for the silo kill, one for the race.</summary>
public sealed class AlertCluster : IAsyncLifetime
{
    public const string SpikeRule = "cluster-spike";
    public const string SpikeStore = "cluster-store";
    public const string RacedRule = "raced-spike";
    public const string RacedStore = "raced-store";

    public TestCluster Cluster { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("alerts");
        Database = NpgsqlDataSource.Create(connectionString);
        var settings = new Dictionary<string, string>
        {
            ["Alerts:Defaults"] = "false",
            ["Alerts:EvaluateInterval"] = "00:00:00.250",
        };
        foreach (var (index, name, store, hold) in new[] { (0, SpikeRule, SpikeStore, "00:00:02"), (1, RacedRule, RacedStore, "00:00:00") })
        {
            var prefix = $"Alerts:Rules:{index}:";
            settings[prefix + "Name"] = name;
            settings[prefix + "Metric"] = "complaintRate";
            settings[prefix + "Storefront"] = store;
            settings[prefix + "Condition"] = "above";
            settings[prefix + "Threshold"] = "0.3";
            settings[prefix + "MinVolume"] = "10";
            settings[prefix + "For"] = hold;
        }

        Cluster = await LoyaltyGridTestCluster.StartAsync(connectionString, silos: 3, settings);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
