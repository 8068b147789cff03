using LoyaltyGrid.Reliability.Tests.Checks;
using LoyaltyGrid.Reliability.Tests.Driving;
using LoyaltyGrid.Reliability.Tests.Grid;
using Xunit.Abstractions;

namespace LoyaltyGrid.Reliability.Tests;

/// <summary>
/// While a driver sends purchases, refunds and redemptions to three servers and
/// retries failures with the same ids, one server is killed (SIGKILL) and restarted and another
/// is stopped gracefully (SIGTERM) and restarted. Every 200 must then be stored exactly once and
/// balances and KPIs must equal an oracle computed from the driver's log alone.
/// </summary>
[Collection(ThreeServerCollection.Name)]
public sealed class ProcessFaultTests(ThreeServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task A_killed_and_a_stopped_server_lose_no_acknowledged_event_and_count_none_twice()
    {
        var grid = fixture.Grid;
        var kpisBefore = await KpiTotals.ReadSettledAsync(grid.Addresses);
        using var sender = new RetryingSender(grid.Addresses, RequestTimeout);
        var driver = new LoyaltyDriver(sender, $"pf{Guid.NewGuid():N}"[..10], customers: 24, seed: 11);
        using var stop = new CancellationTokenSource();
        var driving = driver.RunAsync(stop.Token, pause: TimeSpan.FromMilliseconds(40), patiencePerEvent: TimeSpan.FromSeconds(120));

        var patience = TimeSpan.FromSeconds(90);
        await GridChecks.WaitForAcknowledgedAsync(sender.Counters, 150, patience);
        await grid.KillAndRestartAsync(1);
        await GridChecks.WaitForAcknowledgedAsync(sender.Counters, sender.Counters.Acknowledged + 150, patience);
        await grid.StopAndRestartAsync(2);
        await GridChecks.WaitForAcknowledgedAsync(sender.Counters, sender.Counters.Acknowledged + 150, patience);
        await stop.CancelAsync();
        await driving;

        var log = driver.Log;
        var oracle = LedgerOracle.Replay(log);
        var stored = await StoredLedger.ReadAsync(grid.ConnectionString, driver.CustomerIds);
        var (lost, doubled, details) = stored.CompareWith(log, oracle);
        var balanceDifferences = await GridChecks.BalanceDifferencesAsync(oracle, stored, sender.Server(0));
        var expectedKpis = KpiTotals.From(oracle);
        var kpiChange = await KpiTotals.WaitForChangeAsync(grid.Addresses, kpisBefore, expectedKpis, TimeSpan.FromSeconds(90));

        output.WriteLine(RunReport.Line("process-faults", sender.Counters, lost, doubled, driver.Elapsed, ("customers", driver.CustomerIds.Count), ("kills", 1), ("graceful-stops", 1)));
        output.WriteLine($"answers: {sender.Counters.DescribeAnswers()}");
        foreach (var failure in grid.UnhandledFailures().Take(3))
        {
            output.WriteLine(failure);
        }
        Assert.True(details.Count == 0, string.Join('\n', details.Take(20)));
        Assert.True(oracle.Disagreements.Count == 0, string.Join('\n', oracle.Disagreements.Take(20)));
        Assert.True(balanceDifferences.Count == 0, string.Join('\n', balanceDifferences.Take(20)));
        Assert.Equal(expectedKpis, kpiChange);
        Assert.Equal(0, sender.Counters.Unresolved);
        Assert.Equal(0, sender.Counters.TimedOut);
        Assert.Equal(0, sender.Counters.AnswersWith(500));
        Assert.True(sender.Counters.Retried > 0, "the faults were felt: some attempts had to be retried");
        Assert.True(oracle.Refunds > 0 && oracle.PointsRedeemed > 0, "the run exercised refunds and redemptions");
    }
}
