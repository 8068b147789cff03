using LoyaltyGrid.Reliability.Tests.Driving;

namespace LoyaltyGrid.Reliability.Tests.Checks;

/// <summary>
/// rules.md written again, independently of the product, for what the drivers send: USD
/// purchases (reporting amount = amount), refunds, redemptions, no expiry within a run. Each
/// customer's definite outcomes are replayed in the order they were acknowledged; the oracle
/// says what every receipt and the final balance must be, and which refusals were right.
/// </summary>
public sealed class LedgerOracle
{
    private static readonly (decimal Threshold, decimal Multiplier)[] Tiers = [(5000m, 2.0m), (2000m, 1.5m), (500m, 1.25m), (0m, 1.0m)];

    private readonly Dictionary<string, CustomerLedger> _customers = new(StringComparer.Ordinal);

    public List<string> Disagreements { get; } = [];

    public long Orders { get; private set; }

    public decimal GrossRevenue { get; private set; }

    public long Refunds { get; private set; }

    public decimal RefundedAmount { get; private set; }

    public long PointsIssued { get; private set; }

    public long PointsRedeemed { get; private set; }

    public long PointsReversed { get; private set; }

    public long Buyers => _customers.Values.Count(customer => customer.Orders.Count > 0);

    public long PointsOutstanding => _customers.Values.Sum(customer => customer.Balance);

    /// <summary>Every customer the log names, with the balance the rules give it.</summary>
    public IReadOnlyDictionary<string, long> Balances => _customers.ToDictionary(pair => pair.Key, pair => pair.Value.Balance);

    /// <summary>Points each acknowledged event moved (0 for a refund that found no balance).</summary>
    public Dictionary<string, long> MovedPoints { get; } = new(StringComparer.Ordinal);

    public static LedgerOracle Replay(IEnumerable<OperationOutcome> log)
    {
        var oracle = new LedgerOracle();
        foreach (var outcome in log)
        {
            oracle.Apply(outcome);
        }

        return oracle;
    }

    private void Apply(OperationOutcome outcome)
    {
        var operation = outcome.Operation;
        if (outcome.Verdict == Verdict.Unresolved)
        {
            Disagreements.Add($"{operation.Id}: no definite answer; the oracle cannot know whether it counts");
            return;
        }

        if (!_customers.TryGetValue(operation.CustomerId, out var customer))
        {
            customer = new CustomerLedger();
            _customers[operation.CustomerId] = customer;
        }

        switch (operation.Kind)
        {
            case OperationKind.Purchase:
                ApplyPurchase(customer, outcome);
                break;
            case OperationKind.Refund:
                ApplyRefund(customer, outcome);
                break;
            default:
                ApplyRedemption(customer, outcome);
                break;
        }
    }

    private void ApplyPurchase(CustomerLedger customer, OperationOutcome outcome)
    {
        var purchase = outcome.Operation;
        if (!Expect(outcome, Verdict.Acknowledged))
        {
            return;
        }

        var netSpend = customer.Spend
            .Where(entry => entry.At >= purchase.OccurredAt.AddDays(-365) && entry.At < purchase.OccurredAt)
            .Sum(entry => entry.Amount);
        var multiplier = Tiers.First(tier => netSpend >= tier.Threshold).Multiplier;
        var points = (long)Math.Floor(purchase.Amount * multiplier);
        customer.Orders[purchase.Id] = new OrderLedger(purchase.Amount, points);
        customer.Spend.Add((purchase.OccurredAt, purchase.Amount));
        customer.Balance += points;
        Orders++;
        GrossRevenue += purchase.Amount;
        PointsIssued += points;
        MovedPoints[purchase.Id] = points;
        ExpectField(outcome, "pointsEarned", points);
        ExpectField(outcome, "balance", customer.Balance);
    }

    private void ApplyRefund(CustomerLedger customer, OperationOutcome outcome)
    {
        var refund = outcome.Operation;
        if (!customer.Orders.TryGetValue(refund.OrderId!, out var order) || refund.Amount > order.Amount - order.Refunded)
        {
            Expect(outcome, Verdict.Refused);
            return;
        }

        if (!Expect(outcome, Verdict.Acknowledged))
        {
            return;
        }

        order.Refunded += refund.Amount;
        var owed = (long)Math.Floor(order.Points * order.Refunded / order.Amount) - order.Owed;
        order.Owed += owed;
        var taken = Math.Min(owed, customer.Balance);
        customer.Balance -= taken;
        customer.Spend.Add((refund.OccurredAt, -refund.Amount));
        Refunds++;
        RefundedAmount += refund.Amount;
        PointsReversed += taken;
        MovedPoints[refund.Id] = taken;
        ExpectField(outcome, "pointsReversed", taken);
        ExpectField(outcome, "balance", customer.Balance);
    }

    private void ApplyRedemption(CustomerLedger customer, OperationOutcome outcome)
    {
        var redemption = outcome.Operation;
        if (customer.Balance < redemption.Points)
        {
            Expect(outcome, Verdict.Refused);
            return;
        }

        if (!Expect(outcome, Verdict.Acknowledged))
        {
            return;
        }

        customer.Balance -= redemption.Points;
        PointsRedeemed += redemption.Points;
        MovedPoints[redemption.Id] = redemption.Points;
        ExpectField(outcome, "balance", customer.Balance);
    }

    private bool Expect(OperationOutcome outcome, Verdict expected)
    {
        if (outcome.Verdict == expected)
        {
            return true;
        }

        Disagreements.Add($"{outcome.Operation.Kind} {outcome.Operation.Id}: the rules say {expected}, the grid answered {outcome.Status} {outcome.Body}");
        return false;
    }

    private void ExpectField(OperationOutcome outcome, string field, long expected)
    {
        var actual = outcome.Body.TryGetProperty(field, out var value) ? value.GetInt64() : (long?)null;
        if (actual != expected)
        {
            Disagreements.Add($"{outcome.Operation.Kind} {outcome.Operation.Id}: {field} {actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, the rules say {expected}");
        }
    }

    private sealed class CustomerLedger
    {
        public long Balance { get; set; }

        public Dictionary<string, OrderLedger> Orders { get; } = new(StringComparer.Ordinal);

        public List<(DateTimeOffset At, decimal Amount)> Spend { get; } = [];
    }

    private sealed class OrderLedger(decimal amount, long points)
    {
        public decimal Amount { get; } = amount;

        public long Points { get; } = points;

        public decimal Refunded { get; set; }

        /// <summary>What refunds of this order owed back so far, taken or short.</summary>
        public long Owed { get; set; }
    }
}
