using System.Collections.Concurrent;
using System.Diagnostics;

namespace LoyaltyGrid.Reliability.Tests.Driving;

/// <summary>
/// Mixed storefront traffic: each customer has a worker that sends purchases, refunds of its
/// acknowledged orders, and redemptions, one at a time (so the customer's events arrive in the
/// order they were sent), spread over the servers. Every definite answer goes into the log the
/// oracle and the SQL checks read afterwards.
/// </summary>
public sealed class LoyaltyDriver(RetryingSender sender, string customerPrefix, int customers, int seed)
{
    private readonly ConcurrentQueue<OperationOutcome> _log = new();
    private int _nextServer;

    /// <summary>The customers this driver writes to (no other test touches them).</summary>
    public IReadOnlyList<string> CustomerIds { get; } =
        Enumerable.Range(0, customers).Select(index => $"{customerPrefix}-c{index:D3}").ToList();

    public IReadOnlyList<OperationOutcome> Log => _log.ToList();

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Runs until <paramref name="stop"/> is cancelled, then lets each worker finish its current event.</summary>
    public async Task RunAsync(CancellationToken stop, TimeSpan pause, TimeSpan patiencePerEvent)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(CustomerIds.Select((customerId, index) => DriveCustomerAsync(customerId, new Random(seed * 7919 + index), stop, pause, patiencePerEvent)));
        Elapsed = clock.Elapsed;
    }

    private async Task DriveCustomerAsync(string customerId, Random random, CancellationToken stop, TimeSpan pause, TimeSpan patiencePerEvent)
    {
        // Event times strictly increase per customer and lie in the recent past, so points never expire during a run.
        var occurredAt = TimeProvider.System.GetUtcNow().AddHours(-6);
        var openOrders = new Dictionary<string, decimal>();
        var sequence = 0;
        var balanceSeen = 0L;
        while (!stop.IsCancellationRequested)
        {
            occurredAt = occurredAt.AddSeconds(1);
            sequence++;
            var operation = NextOperation(customerId, sequence, random, occurredAt, openOrders, balanceSeen);
            var outcome = await sender.SendAsync(operation, Interlocked.Increment(ref _nextServer), TimeProvider.System.GetUtcNow() + patiencePerEvent);
            _log.Enqueue(outcome);
            if (outcome.Verdict == Verdict.Acknowledged)
            {
                if (operation.Kind == OperationKind.Purchase)
                {
                    openOrders[operation.Id] = operation.Amount;
                }
                else if (operation.Kind == OperationKind.Refund)
                {
                    openOrders[operation.OrderId!] -= operation.Amount;
                }

                if (outcome.Body.TryGetProperty("balance", out var balance))
                {
                    balanceSeen = balance.GetInt64();
                }
            }
            else if (outcome.Verdict == Verdict.Unresolved)
            {
                // The driver can no longer know this customer's state; stop writing to it.
                return;
            }

            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static LoyaltyOperation NextOperation(
        string customerId, int sequence, Random random, DateTimeOffset occurredAt, Dictionary<string, decimal> openOrders, long balanceSeen)
    {
        var id = $"{customerId}-e{sequence:D4}";
        var refundable = openOrders.Where(order => order.Value > 0m).Select(order => order.Key).ToList();
        var roll = random.NextDouble();
        if (refundable.Count > 0 && roll < 0.2)
        {
            var orderId = refundable[random.Next(refundable.Count)];
            var left = openOrders[orderId];
            // Half the refunds take what is left, the others a part of it, to the cent.
            var amount = random.Next(2) == 0 ? left : Math.Max(0.01m, Math.Round(left * (decimal)random.NextDouble(), 2, MidpointRounding.ToZero));
            return LoyaltyOperation.Refund(customerId, id, orderId, amount, occurredAt);
        }

        if (refundable.Count > 0 && roll < 0.4)
        {
            // Sometimes more than the balance last seen, so that refusals are exercised as well.
            var points = 1 + random.Next((int)Math.Max(10, balanceSeen * 5 / 4));
            return LoyaltyOperation.Redemption(customerId, id, points, occurredAt);
        }

        var cents = random.Next(500, 40_000);
        return LoyaltyOperation.Purchase(customerId, id, cents / 100m, occurredAt);
    }
}
