using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Prediction;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>The repurchase model grain in a real two-silo cluster on PostgreSQL.</summary>
public sealed class RepurchaseModelGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_fit_reads_stored_customers_survives_deactivation_and_the_schedule_is_registered_once()
    {
        // Whole days before the last midnight: the summaries count purchase days, so a history
        // relative to "now" would change with the hour the test runs, and with it the fit.
        var now = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var model = fixture.Grains.GetGrain<IRepurchaseModelGrain>(IRepurchaseModelGrain.Key);
        Assert.Null(await model.Latest());

        (string Customer, int[] DaysAgo)[] history =
        [
            ("fit-a", [200, 150, 90, 30]), ("fit-b", [180, 20]), ("fit-c", [170]), ("fit-d", [160, 155, 150]), ("fit-e", [120, 119]),
        ];
        foreach (var (customer, daysAgo) in history)
        {
            var grain = fixture.Grains.GetGrain<ICustomerGrain>(customer);
            foreach (var days in daysAgo)
            {
                var purchase = new PurchaseCommand("store-a", $"{customer}-{days}", 25m, "USD", "DE", now.AddDays(-days), null, null);
                Assert.Equal(EventStatus.Applied, (await grain.Purchase(purchase)).Status);
            }
        }

        // Before anyone's first purchase there is nothing to fit; nothing is stored.
        var tooEarly = await model.Fit(now.AddDays(-250));
        Assert.Null(tooEarly.Fit);
        Assert.NotNull(tooEarly.Unfittable);
        Assert.Null(await model.Latest());

        var outcome = await model.Fit(now);
        Assert.True(outcome.Fit is not null, outcome.Unfittable);
        var fit = outcome.Fit;
        Assert.Equal(history.Length, fit.Customers);
        Assert.Equal(now, fit.AsOf);
        Assert.True(double.IsFinite(fit.LogLikelihood) && fit.LogLikelihood < 0);
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM repurchase_model_fit"));

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(fit.Parameters, (await model.Latest())!.Parameters);

        await model.EnsureScheduled();
        await model.EnsureScheduled();
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM reminder WHERE reminder_name = 'refit'"));
    }
}
