using System.Text.Json;
using LoyaltyGrid.Reliability.Tests.Checks;
using LoyaltyGrid.Reliability.Tests.Driving;
using LoyaltyGrid.Reliability.Tests.Grid;
using LoyaltyGrid.Testing;
using Xunit.Abstractions;

namespace LoyaltyGrid.Reliability.Tests;

/// <summary>
/// The same event arriving three times at once on three servers counts once;
/// redemptions and refunds racing on one customer leave a balance the rules can explain and
/// never a negative one.
/// </summary>
[Collection(ThreeServerCollection.Name)]
public sealed class DuplicateAndRaceTests(ThreeServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Every_event_sent_three_times_at_once_to_three_servers_is_counted_once()
    {
        var grid = fixture.Grid;
        var kpisBefore = await KpiTotals.ReadSettledAsync(grid.Addresses);
        using var sender = new RetryingSender(grid.Addresses, RequestTimeout);
        var prefix = $"dup{Guid.NewGuid():N}"[..10];
        var customers = Enumerable.Range(0, 16).Select(index => $"{prefix}-c{index:D2}").ToList();
        var log = new List<OperationOutcome>();
        var copiesNotDuplicate = new List<string>();
        var started = TimeProvider.System.GetUtcNow();

        var perCustomer = await Task.WhenAll(customers.Select(async customerId =>
        {
            var at = TimeProvider.System.GetUtcNow().AddHours(-3);
            var outcomes = new List<OperationOutcome>();
            var problems = new List<string>();
            foreach (var operation in new[]
            {
                LoyaltyOperation.Purchase(customerId, $"{customerId}-o1", 420.00m, at.AddMinutes(1)),
                LoyaltyOperation.Purchase(customerId, $"{customerId}-o2", 180.50m, at.AddMinutes(2)),
                LoyaltyOperation.Purchase(customerId, $"{customerId}-o3", 99.99m, at.AddMinutes(3)),
                LoyaltyOperation.Refund(customerId, $"{customerId}-r1", $"{customerId}-o2", 80.25m, at.AddMinutes(4)),
                LoyaltyOperation.Redemption(customerId, $"{customerId}-d1", 150, at.AddMinutes(5)),
                LoyaltyOperation.Refund(customerId, $"{customerId}-r2", $"{customerId}-o1", 420.00m, at.AddMinutes(6)),
            })
            {
                var copies = await Task.WhenAll(Enumerable.Range(0, 3).Select(server => sender.SendAsync(operation, server, TimeProvider.System.GetUtcNow().AddSeconds(60))));
                outcomes.Add(copies[0]);
                problems.AddRange(CopiesDisagree(operation, copies));
            }

            return (outcomes, problems);
        }));
        foreach (var (outcomes, problems) in perCustomer)
        {
            log.AddRange(outcomes);
            copiesNotDuplicate.AddRange(problems);
        }

        var oracle = LedgerOracle.Replay(log);
        var stored = await StoredLedger.ReadAsync(grid.ConnectionString, customers);
        var (lost, doubled, details) = stored.CompareWith(log, oracle);
        var balanceDifferences = await GridChecks.BalanceDifferencesAsync(oracle, stored, sender.Server(1));
        var expectedKpis = KpiTotals.From(oracle);
        var kpiChange = await KpiTotals.WaitForChangeAsync([.. grid.Addresses.Reverse()], kpisBefore, expectedKpis, TimeSpan.FromSeconds(60));

        output.WriteLine(RunReport.Line("duplicates", sender.Counters, lost, doubled, TimeProvider.System.GetUtcNow() - started, ("copies-per-event", 3), ("events", log.Count)));
        Assert.True(copiesNotDuplicate.Count == 0, string.Join('\n', copiesNotDuplicate.Take(20)));
        Assert.True(details.Count == 0, string.Join('\n', details.Take(20)));
        Assert.True(oracle.Disagreements.Count == 0, string.Join('\n', oracle.Disagreements.Take(20)));
        Assert.True(balanceDifferences.Count == 0, string.Join('\n', balanceDifferences.Take(20)));
        Assert.Equal(customers.Count * 3, oracle.Orders);
        Assert.Equal(expectedKpis, kpiChange);
        Assert.Equal(sender.Counters.Sent, sender.Counters.Acknowledged);
    }

    [Fact]
    public async Task Racing_redemptions_and_refunds_on_one_customer_leave_a_balance_the_rules_explain()
    {
        var grid = fixture.Grid;
        using var sender = new RetryingSender(grid.Addresses, RequestTimeout);
        var prefix = $"race{Guid.NewGuid():N}"[..11];
        var customers = Enumerable.Range(0, 4).Select(index => $"{prefix}-c{index}").ToList();
        var started = TimeProvider.System.GetUtcNow();
        var problems = new List<string>();
        var lostInAll = 0;
        var doubledInAll = 0;

        foreach (var result in await Task.WhenAll(customers.Select(customerId => RaceOnOneCustomerAsync(grid, sender, customerId))))
        {
            problems.AddRange(result.Problems);
            lostInAll += result.Lost;
            doubledInAll += result.Doubled;
        }

        output.WriteLine(RunReport.Line("races", sender.Counters, lostInAll, doubledInAll, TimeProvider.System.GetUtcNow() - started, ("customers", customers.Count)));
        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(30)));
        Assert.Equal(0, lostInAll);
        Assert.Equal(0, doubledInAll);
        Assert.True(sender.Counters.Refused > 0, "the race asked for more points than there were");
    }

    /// <summary>
    /// 625 points (200 + 300 + 125 at Silver), then at once on three servers: 30 redemptions of
    /// 25 (more than the balance) and two refunds owing 200 and 150 points. The order the grid
    /// applied them in is read from the stored history and replayed through the oracle.
    /// </summary>
    private static async Task<(List<string> Problems, int Lost, int Doubled)> RaceOnOneCustomerAsync(ServerGrid grid, RetryingSender sender, string customerId)
    {
        var at = TimeProvider.System.GetUtcNow().AddHours(-2);
        var giveUpAt = TimeProvider.System.GetUtcNow().AddSeconds(90);
        var setup = new List<OperationOutcome>();
        foreach (var purchase in new[]
        {
            LoyaltyOperation.Purchase(customerId, $"{customerId}-o1", 200.00m, at.AddMinutes(1)),
            LoyaltyOperation.Purchase(customerId, $"{customerId}-o2", 300.00m, at.AddMinutes(2)),
            LoyaltyOperation.Purchase(customerId, $"{customerId}-o3", 100.00m, at.AddMinutes(3)),
        })
        {
            setup.Add(await sender.SendAsync(purchase, setup.Count, giveUpAt));
        }

        var racing = Enumerable.Range(0, 30)
            .Select(index => LoyaltyOperation.Redemption(customerId, $"{customerId}-d{index:D2}", 25, at.AddMinutes(4)))
            .Append(LoyaltyOperation.Refund(customerId, $"{customerId}-r1", $"{customerId}-o1", 200.00m, at.AddMinutes(5)))
            .Append(LoyaltyOperation.Refund(customerId, $"{customerId}-r2", $"{customerId}-o2", 150.00m, at.AddMinutes(6)))
            .ToList();
        using var go = new SemaphoreSlim(0);
        var sending = racing.Select(async (operation, index) =>
        {
            await go.WaitAsync();
            return await sender.SendAsync(operation, index, giveUpAt);
        }).ToList();
        go.Release(racing.Count);
        var raced = await Task.WhenAll(sending);

        var stored = await StoredLedger.ReadAsync(grid.ConnectionString, [customerId]);
        var appliedOrder = stored.ReferenceOrder(customerId);
        var acknowledgedInAppliedOrder = raced
            .Where(outcome => outcome.Verdict == Verdict.Acknowledged)
            .OrderBy(outcome => appliedOrder.IndexOf($"{TestCredentials.StoreA}/{outcome.Operation.Id}") is var position and >= 0 ? position : int.MaxValue)
            .ToList();
        var oracle = LedgerOracle.Replay([.. setup, .. acknowledgedInAppliedOrder]);
        var log = setup.Concat(raced).ToList();
        var (lost, doubled, details) = stored.CompareWith(log, oracle);

        var problems = new List<string>(details);
        problems.AddRange(oracle.Disagreements.Select(disagreement => $"{customerId}: {disagreement}"));
        problems.AddRange(await GridChecks.BalanceDifferencesAsync(oracle, stored, sender.Server(0)));
        problems.AddRange(raced.Where(outcome => outcome.Verdict == Verdict.Unresolved).Select(outcome => $"{outcome.Operation.Id}: no definite answer"));
        problems.AddRange(raced.Where(outcome => outcome.Verdict == Verdict.Refused && outcome.Operation.Kind != OperationKind.Redemption)
            .Select(outcome => $"{outcome.Operation.Id}: a refund within the order was refused ({outcome.Status})"));
        // The balance only falls during the race: a refusal is right only if the end balance is below 25 too.
        var finalBalance = oracle.Balances[customerId];
        if (raced.Any(outcome => outcome.Verdict == Verdict.Refused) && finalBalance >= 25)
        {
            problems.Add($"{customerId}: a redemption of 25 was refused, yet {finalBalance} points are left");
        }

        if (setup.Any(outcome => outcome.Verdict != Verdict.Acknowledged) || oracle.PointsIssued != 625)
        {
            problems.Add($"{customerId}: the set-up did not earn 625 points ({oracle.PointsIssued})");
        }

        return (problems, lost, doubled);
    }

    /// <summary>Three copies of one event: all 200 with the same receipt, at most one of them not a duplicate.</summary>
    private static IEnumerable<string> CopiesDisagree(LoyaltyOperation operation, OperationOutcome[] copies)
    {
        if (copies.Any(copy => copy.Verdict != Verdict.Acknowledged))
        {
            yield return $"{operation.Id}: copies answered {string.Join(", ", copies.Select(copy => copy.Status))}";
            yield break;
        }

        // None may be "the first" when the copy that was applied timed out on its way back and was retried.
        var firsts = copies.Count(copy => !copy.Body.GetProperty("duplicate").GetBoolean());
        if (firsts > 1)
        {
            yield return $"{operation.Id}: {firsts} of 3 copies were answered as the first";
        }

        var receipts = copies.Select(copy => Receipt(copy.Body)).Distinct().ToList();
        if (receipts.Count != 1)
        {
            yield return $"{operation.Id}: the copies got different receipts: {string.Join(" | ", receipts)}";
        }
    }

    private static string Receipt(JsonElement body) =>
        string.Join(',', body.EnumerateObject().Where(property => property.Name != "duplicate").Select(property => $"{property.Name}={property.Value}"));
}
