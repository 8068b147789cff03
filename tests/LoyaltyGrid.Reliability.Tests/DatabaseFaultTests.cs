using System.Diagnostics;
using LoyaltyGrid.Reliability.Tests.Checks;
using LoyaltyGrid.Reliability.Tests.Driving;
using LoyaltyGrid.Reliability.Tests.Grid;
using Xunit.Abstractions;

namespace LoyaltyGrid.Reliability.Tests;

/// <summary>
/// PostgreSQL stops for 10 s under load. Meanwhile writes are refused with 503
/// and Retry-After (never a 500, never a hang) and /readyz says not ready; when it is back the
/// grid recovers by itself and every event acknowledged before, during or after is stored once.
/// The database is a private one, so the shared test PostgreSQL is never stopped.
/// </summary>
public sealed class DatabaseFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(25);
    private PrivatePostgres _postgres = null!;
    private ServerGrid _grid = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        _grid = await ServerGrid.StartAsync(_postgres.ConnectionString, count: 2);
    }

    public async Task DisposeAsync()
    {
        if (_grid is not null)
        {
            await _grid.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_the_database_stopped_for_10_s_writes_are_503_readiness_is_false_and_the_grid_recovers_losing_nothing()
    {
        using var sender = new RetryingSender(_grid.Addresses, RequestTimeout);
        var driver = new LoyaltyDriver(sender, $"db{Guid.NewGuid():N}"[..10], customers: 12, seed: 23);
        using var stop = new CancellationTokenSource();
        var driving = driver.RunAsync(stop.Token, pause: TimeSpan.FromMilliseconds(40), patiencePerEvent: TimeSpan.FromSeconds(120));
        await GridChecks.WaitForAcknowledgedAsync(sender.Counters, 100, TimeSpan.FromSeconds(90));

        await _postgres.StopAsync();
        var outageClock = Stopwatch.StartNew();
        using var probes = new RetryingSender(_grid.Addresses, RequestTimeout);
        var probesDuringOutage = new List<(LoyaltyOperation Operation, int Status, bool RetryAfter)>();
        var readinessDuringOutage = new List<bool>();
        var probeCustomer = $"dbprobe{Guid.NewGuid():N}"[..14];
        while (outageClock.Elapsed < Outage)
        {
            var operation = LoyaltyOperation.Purchase(probeCustomer, $"{probeCustomer}-p{probesDuringOutage.Count:D3}", 12.34m, TimeProvider.System.GetUtcNow().AddMinutes(-1));
            var server = probesDuringOutage.Count % _grid.Count;
            probesDuringOutage.Add(await ProbeWriteAsync(probes, server, operation));
            readinessDuringOutage.Add(await IsReadyAsync(probes.Server(server)));
            await Task.Delay(250);
        }

        await _postgres.StartAgainAsync();
        var recoveryClock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, _grid.Count).Select(index => WaitUntilReadyAsync(probes.Server(index), TimeSpan.FromSeconds(90))));
        var readyAfter = recoveryClock.Elapsed;

        // A 503 promised nothing was stored: after recovery each refused probe is accepted as new.
        var probesAfterwards = await Task.WhenAll(probesDuringOutage.Select((probe, index) =>
            probes.SendAsync(probe.Operation, index, TimeProvider.System.GetUtcNow().AddSeconds(60))));
        var acknowledgedSoFar = sender.Counters.Acknowledged;
        await GridChecks.WaitForAcknowledgedAsync(sender.Counters, acknowledgedSoFar + 100, TimeSpan.FromSeconds(90));
        var writesBackAfter = recoveryClock.Elapsed;
        await stop.CancelAsync();
        await driving;

        var log = driver.Log;
        var oracle = LedgerOracle.Replay(log);
        var stored = await StoredLedger.ReadAsync(_postgres.ConnectionString, driver.CustomerIds);
        var (lost, doubled, details) = stored.CompareWith(log, oracle);
        var balanceDifferences = await GridChecks.BalanceDifferencesAsync(oracle, stored, sender.Server(0));

        output.WriteLine(RunReport.Line(
            "database-fault", sender.Counters, lost, doubled, driver.Elapsed,
            ("outage-seconds", Outage.TotalSeconds),
            ("probe-writes-during-outage", probesDuringOutage.Count),
            ("probe-503-with-retry-after", probesDuringOutage.Count(probe => probe.Status == 503 && probe.RetryAfter)),
            ("readyz-false-during-outage", readinessDuringOutage.Count(ready => !ready)),
            ("ready-again-seconds", Math.Round(readyAfter.TotalSeconds, 1)),
            ("driver-writes-back-seconds", Math.Round(writesBackAfter.TotalSeconds, 1))));
        output.WriteLine($"answers: {sender.Counters.DescribeAnswers()}");
        foreach (var failure in _grid.UnhandledFailures().Take(3))
        {
            output.WriteLine(failure);
        }
        Assert.All(probesDuringOutage, probe => Assert.True(probe.Status == 503 && probe.RetryAfter, $"{probe.Operation.Id} answered {probe.Status} (Retry-After: {probe.RetryAfter}) while the database was down"));
        Assert.True(readinessDuringOutage.Count(ready => !ready) >= readinessDuringOutage.Count - 1, $"readiness during the outage: {string.Join(',', readinessDuringOutage)}");
        Assert.All(probesAfterwards, probe =>
        {
            Assert.Equal(Verdict.Acknowledged, probe.Verdict);
            Assert.False(probe.Body.GetProperty("duplicate").GetBoolean(), $"{probe.Operation.Id} was stored although it was answered 503");
        });
        Assert.True(details.Count == 0, string.Join('\n', details.Take(20)));
        Assert.True(oracle.Disagreements.Count == 0, string.Join('\n', oracle.Disagreements.Take(20)));
        Assert.True(balanceDifferences.Count == 0, string.Join('\n', balanceDifferences.Take(20)));
        Assert.Equal(0, sender.Counters.Unresolved);
        Assert.Equal(0, sender.Counters.TimedOut);
        Assert.Equal(0, sender.Counters.AnswersWith(500));
        Assert.True(sender.Counters.AnswersWith(503) > 0, "the driver felt the outage");
    }

    private static async Task<(LoyaltyOperation, int, bool)> ProbeWriteAsync(RetryingSender probes, int server, LoyaltyOperation operation)
    {
        var (status, _, retryAfter) = await probes.AttemptAsync(probes.Server(server), operation);
        return (operation, status, retryAfter);
    }

    private static async Task<bool> IsReadyAsync(HttpClient server)
    {
        try
        {
            using var response = await server.GetAsync(new Uri("/readyz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient server, TimeSpan patience)
    {
        var deadline = TimeProvider.System.GetUtcNow() + patience;
        while (!await IsReadyAsync(server))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the server did not become ready again after the database came back");
            await Task.Delay(200);
        }
    }
}
