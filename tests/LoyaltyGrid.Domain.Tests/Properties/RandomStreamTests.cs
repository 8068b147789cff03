using System.Text.Json;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Properties;

/// <summary>
/// A long random stream of purchases, refunds, redemptions, reviews, referral awards and time
/// passing, with events often out of order, must never break the bookkeeping. Fixed seeds keep
/// any failure reproducible. The stream spans years, so the account folds old orders and
/// movements away on the way: the test keeps its own ledger of every movement and refund the
/// account reported, and checks the account's kept parts against it.
/// </summary>
public class RandomStreamTests
{
    private const int Steps = 3_000;
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY", "CNY", "CAD", "AUD"];

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20261122)]
    public void The_balance_never_goes_negative_and_always_equals_the_lots(int seed)
    {
        var random = new Random(seed);
        var rules = new LoyaltyRules();
        var converter = new CurrencyConverter(rules);
        var account = CustomerAccount.Open("c-1", rules);
        var now = At.T0;
        var ledger = new Ledger();

        for (var step = 0; step < Steps; step++)
        {
            now = now.AddHours(random.Next(0, 72));
            // A third of the events happened earlier than ones already accepted.
            var occurredAt = random.Next(3) == 0 ? now.AddHours(-random.Next(1, 24 * 60)) : now;

            long? reportedBalance = random.Next(100) switch
            {
                < 35 => Purchase(account, converter, random, $"o-{step}", occurredAt, ledger),
                < 55 => Refund(account, rules, random, $"r-{step}", occurredAt, ledger),
                < 75 => ledger.Record(account.Redeem($"x-{step}", random.NextInt64(1, account.Balance + 50), now)),
                < 85 => ledger.Record(account.AdvanceTo(now).Expiry),
                < 93 => account.State.Orders.Count == 0
                    ? null
                    : ledger.Record(account.Review($"rv-{step}", account.State.Orders.Keys.ElementAt(random.Next(account.State.Orders.Count)), random.Next(1, 6), occurredAt)),
                _ => ledger.Record(account.AwardReferral($"friend-{random.Next(50)}", occurredAt)),
            };

            if (reportedBalance is { } balance)
            {
                Assert.Equal(account.Balance, balance);
            }

            AssertBalance(account, step);
            if (step % 20 == 0)
            {
                AssertLedger(account, now, ledger);
            }

            if (step % 500 == 499)
            {
                account = RebuiltFromJson(account, rules);
            }
        }

        AssertLedger(account, now, ledger);
        Assert.True(account.OrderCount > Steps / 4);
        Assert.True(account.State.ReversalShortfall > 0, "The stream should have exercised shortfalls.");
        Assert.True(account.State.ArchivedOrders > 0, "The stream should have outlived the spend horizon.");
    }

    private static long Purchase(
        CustomerAccount account, CurrencyConverter converter, Random random, string orderId, DateTimeOffset at, Ledger ledger)
    {
        var currency = Currencies[random.Next(Currencies.Length)];
        var amount = currency == "JPY" ? random.Next(1, 200_000) : random.Next(1, 300_000) / 100m;
        Assert.True(converter.TryToReporting(amount, currency, out var reporting));

        var outcome = account.Purchase(orderId, amount, currency, reporting.Amount, at);

        Assert.Equal(PurchaseStatus.Accepted, outcome.Status);
        ledger.Movements.AddRange(outcome.Movements);
        return outcome.Balance;
    }

    // Orders folded out of memory would need a grain to page them in; the stream refunds those it has.
    private static long? Refund(CustomerAccount account, LoyaltyRules rules, Random random, string refundId, DateTimeOffset at, Ledger ledger)
    {
        if (account.State.Orders.Count == 0)
        {
            return null;
        }

        var order = account.State.Orders.Values.ElementAt(random.Next(account.State.Orders.Count));
        var refundable = order.RefundableAmount;
        // In the order currency's smallest unit (a cent, a yen): finer amounts are refused (RefundTests).
        var digits = rules.MinorDigitsOf(order.Currency);
        var unit = digits switch { 0 => 1m, 1 => 0.1m, _ => 0.01m };
        var amount = random.Next(4) switch
        {
            0 => Math.Max(unit, refundable), // the rest in full, or one unit once nothing is left
            1 => refundable + unit, // one unit too many
            _ => Math.Max(unit, Math.Round(refundable * (decimal)random.NextDouble(), digits)),
        };

        var outcome = account.Refund(refundId, order.OrderId, amount, at);

        Assert.Equal(amount > refundable ? RefundStatus.ExceedsRefundable : RefundStatus.Accepted, outcome.Status);
        ledger.Movements.AddRange(outcome.Movements);
        ledger.Shortfall += outcome.Shortfall;
        ledger.Reversed += outcome.PointsReversed;
        return outcome.Balance;
    }

    private static void AssertBalance(CustomerAccount account, int step)
    {
        var lots = account.State.Lots;
        Assert.True(account.Balance >= 0, $"step {step}");
        Assert.Equal(lots.Sum(lot => lot.Remaining), account.Balance);
        Assert.All(lots, lot => Assert.InRange(lot.Remaining, 1, lot.Points));
        Assert.Equal(lots.OrderBy(lot => lot.EarnedAt), lots);
    }

    // Every movement ever made must reconcile with the balance, the lifetime total and the refunds;
    // the account keeps the latest of them.
    private static void AssertLedger(CustomerAccount account, DateTimeOffset now, Ledger ledger)
    {
        Assert.InRange(account.Snapshot(now).Balance, 0, account.Balance);
        var state = account.State;
        var movements = ledger.Movements;
        Assert.Equal(movements.TakeLast(CustomerAccount.HistoryKept), state.History);
        Assert.Equal(account.Balance, movements.Sum(movement => movement.Points));
        Assert.Equal(state.LifetimePoints, movements.Where(m => m.Kind.IsEarning()).Sum(m => m.Points));
        Assert.DoesNotContain(movements, m => m.BalanceAfter < 0);

        Assert.Equal(state.ReversalShortfall, ledger.Shortfall);
        Assert.Equal(-movements.Where(m => m.Kind == PointMovementKind.Reverse).Sum(m => m.Points), ledger.Reversed);

        foreach (var order in state.Orders.Values)
        {
            Assert.InRange(order.RefundedAmount, 0m, order.Amount);
            Assert.InRange(order.PointsOwedBack, 0, order.PointsEarned);
            if (order.RefundableAmount == 0m)
            {
                Assert.Equal(order.PointsEarned, order.PointsOwedBack);
                Assert.Equal(order.ReportingAmount, order.RefundedReportingAmount);
            }
        }
    }

    private static CustomerAccount RebuiltFromJson(CustomerAccount account, LoyaltyRules rules)
    {
        var json = JsonSerializer.Serialize(account.State);
        return new CustomerAccount(JsonSerializer.Deserialize<CustomerState>(json)!, rules);
    }

    private sealed class Ledger
    {
        public List<PointMovement> Movements { get; } = [];

        public long Shortfall { get; set; }

        public long Reversed { get; set; }

        public long Record(RedemptionOutcome outcome) => Add(outcome.Movements, outcome.Balance);

        public long Record(ExpiryOutcome outcome) => Add(outcome.Movements, outcome.Balance);

        public long Record(ReviewOutcome outcome) => Add(outcome.Movements, outcome.Balance);

        public long Record(ReferralAwardOutcome outcome) => Add(outcome.Movements, outcome.Balance);

        private long Add(IReadOnlyList<PointMovement> movements, long balance)
        {
            Movements.AddRange(movements);
            return balance;
        }
    }
}
