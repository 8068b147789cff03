using System.Globalization;
using System.Text.RegularExpressions;
using LoyaltyGrid.Cli.Simulate;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>A short <c>loyaltygrid simulate</c> run against a real server, with two storefronts.</summary>
[Collection(CliServerCollection.Name)]
public sealed partial class SimulateTests(CliServer server)
{
    [Fact]
    public async Task A_short_simulation_sees_no_server_error_and_every_kind_of_event_succeeds()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "simulate", "--url", server.Url, "--api-key", TestCredentials.StoreAKey, "--api-key", TestCredentials.StoreBKey,
            "--rate", "200", "--duration", "10s", "--seed", "7");

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("; 5xx 0;", output, StringComparison.Ordinal);
        Assert.Contains("progress:", error, StringComparison.Ordinal);
        var counts = SimulateOutput.OkByKind(output);
        Assert.Equal(TrafficModel.Kinds.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts, pair => Assert.True(pair.Value > 0, $"no {pair.Key} succeeded:\n{output}"));
    }

    [Fact]
    public async Task With_an_ops_key_the_simulation_runs_a_campaign_and_its_purchases_earn_by_it()
    {
        var runId = TestIds.New("camp");
        var (exitCode, output, error) = await Cli.RunAsync(
            "simulate", "--url", server.Url, "--api-key", TestCredentials.StoreAKey, "--ops-key", TestCredentials.OpsKey,
            "--rate", "50", "--duration", "4s", "--seed", "3", "--run-id", runId);

        Assert.True(exitCode == 0, output + error);
        var campaignId = $"simulate-{runId}";
        Assert.Contains($"campaign {campaignId}: double points for every purchase of this run", output, StringComparison.Ordinal);
        var earned = CampaignPurchases().Match(output);
        Assert.True(earned.Success, output);
        Assert.Equal(campaignId, earned.Groups[1].Value);
        var purchases = SimulateOutput.OkByKind(output)["purchase"];
        // Every accepted purchase of the run is inside the campaign, so every one names it.
        Assert.Equal(purchases, long.Parse(earned.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.NotEqual(0, purchases);
    }

    [GeneratedRegex(@"campaign (\S+): ([\d,]+) purchases earned its double points")]
    private static partial Regex CampaignPurchases();

    [Fact]
    public async Task With_an_ops_key_a_simulation_offers_a_reward_that_customers_claim_and_redeem_at_checkout()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "simulate", "--url", server.Url, "--api-key", TestCredentials.StoreAKey, "--ops-key", TestCredentials.OpsKey,
            "--rate", "200", "--duration", "10s", "--seed", "3");

        Assert.True(exitCode == 0, output + error);
        var counts = SimulateOutput.OkByKind(output);
        Assert.All(TrafficModel.RewardKinds, kind => Assert.True(counts.GetValueOrDefault(kind) > 0, $"no {kind} succeeded:\n{output}"));
    }
}
