using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoyaltyGrid.Cli.Simulate;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>
/// What a <c>simulate</c> run leaves in the insight reports and the feedback KPIs, read back from a
/// real server, each test on a storefront no other test writes to.
/// </summary>
[Collection(CliServerCollection.Name)]
public sealed partial class SimulateInsightTests(CliServer server)
{
    private static readonly Credential Ops = TestCredentials.OpsCredential;

    [Fact]
    public async Task Visits_carry_channels_that_convert_differently_and_an_experiment_whose_treatment_wins_with_labelled_surveys_and_reviews()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "simulate", "--url", server.Url, "--api-key", CliServer.InsightKey, "--rate", "150", "--duration", "12s", "--seed", "11");

        Assert.True(exitCode == 0, output + error);
        var ok = SimulateOutput.OkByKind(output);
        var scope = $"?storefront={CliServer.InsightStore}";

        // Figures are exact at quiet: wait until every accepted visit, order, survey and label is counted.
        var labelled = ok["review"] + ok["survey"] + ok["complaint"];
        var (channels, snapshot) = await SettledAsync(async () =>
        {
            var channels = (await server.Api.GetOkAsync($"/api/v1/kpis/channels{scope}", Ops)).GetProperty("channels").EnumerateArray().ToList();
            var allTime = (await server.Api.GetOkAsync($"/api/v1/kpis{scope}", Ops)).GetProperty("allTime");
            var settled = channels.Sum(c => c.GetProperty("visits").GetInt64()) == ok["visit"]
                && channels.Sum(c => c.GetProperty("orders").GetInt64()) == ok["purchase"]
                && allTime.GetProperty("orders").GetInt64() == ok["purchase"]
                && channels.Sum(c => c.GetProperty("convertedSessions").GetInt64()) == allTime.GetProperty("convertedSessions").GetInt64()
                && allTime.GetProperty("npsResponses").GetInt64() + allTime.GetProperty("csatResponses").GetInt64() == ok["survey"]
                && Labels(allTime).Values.Sum() == labelled;
            return (settled, (channels, allTime));
        });

        // Every channel of the model, with its own conversion: mailed regulars buy far more often than social browsers.
        var byChannel = channels.ToDictionary(c => c.GetProperty("channel").GetString()!, StringComparer.Ordinal);
        Assert.Equal(["ads", "affiliate", "direct", "email", "social"], byChannel.Keys.Order(StringComparer.Ordinal));
        Assert.All(byChannel.Values, c => Assert.True(c.GetProperty("visits").GetInt64() > 50, c.ToString()));
        var email = byChannel["email"].GetProperty("conversionRate").GetDecimal();
        var social = byChannel["social"].GetProperty("conversionRate").GetDecimal();
        Assert.True(email > 2 * social, $"email converts {email}, social {social}");

        // The experiment: one-page converts visibly better than the control, and the report says so.
        var experiment = await server.Api.GetOkAsync($"/api/v1/experiments/{TrafficModel.Experiment}{scope}", Ops);
        Assert.Equal(TrafficModel.ExperimentControl, experiment.GetProperty("control").GetString());
        var variants = experiment.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variant").GetString()!, StringComparer.Ordinal);
        Assert.Equal([TrafficModel.ExperimentControl, TrafficModel.ExperimentTreatment], variants.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ok["visit"], variants.Values.Sum(v => v.GetProperty("visits").GetInt64()));
        var control = variants[TrafficModel.ExperimentControl];
        var treatment = variants[TrafficModel.ExperimentTreatment];
        Assert.True(treatment.GetProperty("conversionRate").GetDecimal() > control.GetProperty("conversionRate").GetDecimal(), experiment.ToString());
        Assert.True(treatment.GetProperty("lift").GetDouble() > 0, experiment.ToString());
        Assert.True(treatment.GetProperty("liftHigh").GetDouble() > treatment.GetProperty("liftLow").GetDouble(), experiment.ToString());
        Assert.Equal(JsonValueKind.Null, control.GetProperty("lift").ValueKind);

        // Surveys of both kinds count in nps and surveyCsat; every text was labelled, in all three moods.
        Assert.True(snapshot.GetProperty("npsResponses").GetInt64() > 0, snapshot.ToString());
        Assert.True(snapshot.GetProperty("csatResponses").GetInt64() > 0, snapshot.ToString());
        var labels = Labels(snapshot);
        Assert.All(labels, label => Assert.True(label.Value > 0, $"no {label.Key} feedback: {snapshot.GetProperty("sentiment")}"));

        // The run's own tally of the labels its reviews and surveys got.
        var told = SimulateOutput.Sentiments(output);
        Assert.Equal(ok["review"] + ok["survey"], told.Values.Sum());
        Assert.All(told, label => Assert.True(label.Value > 0, output));
    }

    [Fact]
    public async Task A_complaint_spike_lands_in_the_last_five_minutes_complaints()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "simulate", "--url", server.Url, "--api-key", CliServer.SpikeKey, "--rate", "40", "--duration", "8s", "--seed", "5",
            "--spike", "complaints", "--spike-at", "4s", "--max-in-flight", "8");

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("complaint spike: ", error, StringComparison.Ordinal);
        var spike = SpikeLine().Match(output);
        Assert.True(spike.Success, output);
        var sent = long.Parse(spike.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var accepted = long.Parse(spike.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.True(sent >= TrafficModel.MinimumSpike, output);
        Assert.Equal(sent, accepted);
        var ok = SimulateOutput.OkByKind(output);
        Assert.Equal(accepted, ok[TrafficModel.SpikeKind]);

        // Every complaint of the run, the spike's and the everyday ones, is in the storefront's last five minutes.
        var last5m = await SettledAsync(async () =>
        {
            var window = (await server.Api.GetOkAsync($"/api/v1/kpis?storefront={CliServer.SpikeStore}", Ops)).GetProperty("live").GetProperty("last5m");
            var settled = window.GetProperty("complaints").GetProperty("total").GetInt64() == ok["complaint"] + accepted
                && window.GetProperty("orders").GetInt64() == ok["purchase"];
            return (settled, window);
        });

        // A jump: the burst alone outnumbers the run's everyday complaints, so the rate more than doubles.
        Assert.True(accepted > ok["complaint"], output);
        var rate = last5m.GetProperty("complaintRate").GetDecimal();
        var withoutSpike = (decimal)ok["complaint"] / ok["purchase"];
        Assert.True(rate > 2 * withoutSpike, $"complaint rate {rate} with the spike, {withoutSpike} without");
    }

    [Fact]
    public async Task A_spike_before_anything_was_bought_comes_from_customers_without_an_order_and_is_accepted()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "simulate", "--url", server.Url, "--api-key", CliServer.EarlySpikeKey, "--rate", "20", "--duration", "2s", "--seed", "9",
            "--spike", "complaints", "--spike-at", "0s");

        Assert.True(exitCode == 0, output + error);
        var spike = SpikeLine().Match(output);
        Assert.True(spike.Success, output);
        Assert.Equal(TrafficModel.MinimumSpike.ToString(CultureInfo.InvariantCulture), spike.Groups[1].Value);
        Assert.Equal(spike.Groups[1].Value, spike.Groups[2].Value);
    }

    [Fact]
    public async Task A_spike_of_another_kind_or_outside_the_run_is_refused_before_anything_is_sent()
    {
        foreach (var args in new[] { new[] { "--spike", "refunds" }, ["--spike", "complaints", "--spike-at", "10s"], ["--spike-at", "1s"] })
        {
            var (exitCode, output, error) = await Cli.RunAsync(
                ["simulate", "--url", server.Url, "--api-key", CliServer.SpikeKey, "--duration", "5s", .. args]);

            Assert.True(exitCode == Commands.UsageError, $"{string.Join(' ', args)}: {exitCode}\n{output}{error}");
            Assert.DoesNotContain("simulating", output, StringComparison.Ordinal);
            Assert.Contains("--spike", error, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, long> Labels(JsonElement bucket)
    {
        var sentiment = bucket.GetProperty("sentiment");
        return new[] { "positive", "neutral", "negative" }.ToDictionary(label => label, label => sentiment.GetProperty(label).GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>Reads until the figures settle (the projections have caught up), for at most a minute; returns the settled read.</summary>
    private static async Task<T> SettledAsync<T>(Func<Task<(bool Settled, T Value)>> read)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var (settled, value) = await read();
            if (settled)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The figures did not settle within a minute; last read: {value}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"complaint spike at \S+: ([\d,]+) complaints sent, ([\d,]+) accepted")]
    private static partial Regex SpikeLine();
}
