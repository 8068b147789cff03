using System.Text.Json;
using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tests.Support;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Tests.Bounded;

/// <summary>
/// A customer's account folds old spend, orders, reviews and movements away. For every history
/// the product accepts it must answer exactly what an account that forgets nothing answers. The
/// reference is the same account configured so that nothing is ever old enough to fold (a late
/// allowance of a century), checked itself against a straightforward recomputation of tiers over
/// every purchase and refund; a refund or review of a folded order is paged in the way a grain
/// pages it in, from what the events recorded.
/// </summary>
public class BoundedAccountTests
{
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY"];

    [Theory]
    [InlineData(7)]
    [InlineData(1234)]
    [InlineData(20261206)]
    public void Random_histories_get_the_same_answers_as_an_account_that_forgets_nothing(int seed)
    {
        var random = new Random(seed);
        var rules = new LoyaltyRules { LateEventDays = 30 };
        var converter = new CurrencyConverter(rules);
        var world = new World(rules);
        var now = At.T0;

        for (var step = 0; step < 4_000; step++)
        {
            now = now.AddHours(random.Next(0, 60));
            // Late events, but never later than the allowance: those are the ones always accepted.
            var newest = world.Bounded.LastPurchaseAt ?? now;
            var occurredAt = random.Next(4) == 0 ? Later(newest, now).AddHours(-random.Next(1, 24 * rules.LateEventDays)) : now;

            switch (random.Next(100))
            {
                case < 40:
                    var currency = Currencies[random.Next(Currencies.Length)];
                    var amount = currency == "JPY" ? random.Next(1, 300_000) : random.Next(1, 250_000) / 100m;
                    Assert.True(converter.TryToReporting(amount, currency, out var reporting));
                    world.Purchase($"o-{step}", amount, currency, reporting.Amount, occurredAt);
                    break;
                case < 60 when world.OrderIds.Count > 0:
                    // Any order ever made, also long folded away: old orders are refunded too.
                    var orderId = world.OrderIds[random.Next(world.OrderIds.Count)];
                    var refundable = world.Reference.State.Orders[orderId].RefundableAmount;
                    var refund = random.Next(3) == 0 ? refundable + 0.01m : Math.Max(0.01m, Math.Round(refundable * (decimal)random.NextDouble(), 2));
                    world.Refund($"r-{step}", orderId, refund, occurredAt);
                    break;
                case < 70 when world.OrderIds.Count > 0:
                    world.Review($"rv-{step}", world.OrderIds[random.Next(world.OrderIds.Count)], occurredAt);
                    break;
                case < 85:
                    var points = random.NextInt64(1, Math.Max(2, world.Reference.Balance / 2));
                    world.Same(a => a.Redeem($"x-{step}", points, now));
                    break;
                default:
                    world.Same(a => a.AdvanceTo(now));
                    break;
            }

            world.AssertSameReads(now);
            if (step % 97 == 0)
            {
                world.Reload();
            }
        }

        Assert.True(world.Bounded.State.ArchivedOrders > 0, "The history should have outlived the horizon.");
        Assert.True(world.PagedIn > 0, "Some refund or review should have needed an order paged back in.");
        Assert.True(world.Bounded.State.Orders.Count < world.Reference.State.Orders.Count / 4);
    }

    [Fact]
    public void A_purchase_whose_tier_window_reaches_folded_spend_is_refused_and_changes_nothing()
    {
        var rules = new LoyaltyRules { LateEventDays = 30 };
        var account = CustomerAccount.Open("c-1", rules);
        account.Buy("o-old", 600m, At.Day(0));
        account.Buy("o-new", 10m, At.Day(400));

        // Day 0 is before 400 − 365 − 30, so its 600 are folded into one sum from now on.
        Assert.Equal(At.Day(0), account.State.ArchivedThrough);
        Assert.Equal(At.Day(365), account.PurchaseHorizon);
        var before = JsonSerializer.Serialize(account.State);

        var refused = account.Buy("o-late", 50m, At.Day(365));

        Assert.Equal(PurchaseStatus.BeyondHorizon, refused.Status);
        Assert.Equal(before, JsonSerializer.Serialize(account.State));

        // One tick later the window [t − 365 d, t) starts after day 0, so the tier is exact again.
        var accepted = account.Buy("o-late", 50m, At.Day(365).AddTicks(1));
        Assert.Equal((PurchaseStatus.Accepted, Tier.Member, 50L), (accepted.Status, accepted.EarningTier, accepted.PointsEarned));
        Assert.Equal(660m, account.NetSpend);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(90)]
    public void A_purchase_at_most_the_late_allowance_before_the_newest_is_always_accepted(int lateDays)
    {
        var rules = new LoyaltyRules { LateEventDays = lateDays };
        var account = CustomerAccount.Open("c-1", rules);
        for (var day = 0; day <= 2_000; day += 3)
        {
            account.Buy($"o-{day}", 100m, At.Day(day));
        }

        var late = account.Buy("o-late", 100m, At.Day(2_000 - lateDays));

        Assert.Equal(PurchaseStatus.Accepted, late.Status);
        Assert.True(account.PurchaseHorizon < At.Day(2_000 - lateDays));
    }

    [Fact]
    public void A_refund_of_a_folded_order_takes_back_what_it_would_have_had_the_order_stayed()
    {
        var rules = new LoyaltyRules { PointsLifetimeDays = 0 };
        var bounded = CustomerAccount.Open("c-1", rules);
        var reference = CustomerAccount.Open("c-1", new LoyaltyRules { PointsLifetimeDays = 0, LateEventDays = 36_500 });
        foreach (var account in new[] { bounded, reference })
        {
            account.Purchase("o-1", 333.33m, "EUR", 360m, At.Day(0));
            account.Refund("r-1", "o-1", 100m, At.Day(5));
            account.Review("rv-1", "o-1", 5, At.Day(6));
            account.Buy("o-2", 20m, At.Day(900));
        }

        Assert.False(bounded.State.Orders.ContainsKey("o-1"));
        Assert.True(bounded.MayHaveArchived("o-1"));

        // What a grain reads back from the journal: the purchase and its receipt, the refund and its receipt, the rewarded review.
        bounded.RestoreOrder(
            new OrderRecord { OrderId = "o-1", Amount = 333.33m, Currency = "EUR", ReportingAmount = 360m, OccurredAt = At.Day(0), PointsEarned = 360 },
            [new ArchivedRefund("r-1", 100m, At.Day(5), 108)],
            reviewRewardedLater: true);

        Assert.Equal(Json(reference.Refund("r-2", "o-1", 233.33m, At.Day(901))), Json(bounded.Refund("r-2", "o-1", 233.33m, At.Day(901))));
        Assert.Equal(Json(reference.Refund("r-3", "o-1", 0.01m, At.Day(902))), Json(bounded.Refund("r-3", "o-1", 0.01m, At.Day(902))));
        Assert.Equal(Json(reference.Review("rv-2", "o-1", 4, At.Day(903))), Json(bounded.Review("rv-2", "o-1", 4, At.Day(903))));
        Assert.Equal(reference.NetSpend, bounded.NetSpend);
        Assert.Equal(Json(reference.Snapshot(At.Day(904))), Json(bounded.Snapshot(At.Day(904))));
    }

    [Fact]
    public void An_order_the_customer_never_had_is_unknown_while_nothing_was_folded()
    {
        var account = Accounts.New();
        account.Buy("o-1", 10m, At.Day(0));

        Assert.False(account.MayHaveArchived("o-x"));
        Assert.Equal(RefundStatus.UnknownOrder, account.Refund("r-1", "o-x", 1m, At.Day(1)).Status);
    }

    [Fact]
    public void The_state_does_not_grow_with_the_history()
    {
        static int Bytes(int purchases)
        {
            var account = CustomerAccount.Open("c-1", new LoyaltyRules());
            // The same cadence throughout, so the recent part is alike and only the history's length differs.
            var first = At.T0.AddDays(-2.0 * purchases);
            for (var i = 0; i < purchases; i++)
            {
                account.Buy($"o-{i}", 25m, first.AddDays(2.0 * i));
            }

            return JsonSerializer.SerializeToUtf8Bytes(account.State).Length;
        }

        var thousand = Bytes(1_000);
        var tenThousand = Bytes(10_000);

        Assert.InRange(tenThousand, thousand * 0.95, thousand * 1.05);
    }

    [Fact]
    public void Ten_thousand_old_events_cost_only_the_kept_movements_over_ten_recent_ones()
    {
        static CustomerAccount Customer(int oldPurchases)
        {
            var account = CustomerAccount.Open("c-1", new LoyaltyRules());
            for (var i = 0; i < oldPurchases; i++)
            {
                account.Buy($"old-{i}", 25m, At.Day(-4_000 + 0.25 * i));
            }

            for (var i = 0; i < 10; i++)
            {
                account.Buy($"new-{i}", 25m, At.Day(i));
            }

            return account;
        }

        var small = Customer(0);
        var large = Customer(9_990);

        Assert.Equal(10_000, large.OrderCount);
        Assert.Equal(10, large.State.Orders.Count);
        Assert.Equal(CustomerAccount.HistoryKept, large.State.History.Count);
        // Apart from the movements kept for the history page, the two states are alike in size.
        Assert.InRange(WithoutHistory(large), 0, WithoutHistory(small) * 1.5);

        static int WithoutHistory(CustomerAccount account)
        {
            var json = JsonSerializer.Serialize(account.State);
            var copy = JsonSerializer.Deserialize<CustomerState>(json)!;
            copy.History = [];
            return JsonSerializer.SerializeToUtf8Bytes(copy).Length;
        }
    }

    [Fact]
    public void State_written_before_accounts_were_bounded_upgrades_on_load()
    {
        var rules = new LoyaltyRules();
        var unbounded = CustomerAccount.Open("c-1", new LoyaltyRules { LateEventDays = 36_500 });
        for (var i = 0; i < 700; i++)
        {
            unbounded.Buy($"o-{i}", 10m + i, At.Day(i));
        }

        unbounded.Refund("r-1", "o-3", 5m, At.Day(701));
        var json = JsonSerializer.Serialize(unbounded.State);
        // The fields the previous release did not write.
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var field in new[] { "OrderCount", "FirstPurchaseAt", "LastPurchaseAt", "Spend", "ArchivedSpend", "ArchivedThrough", "ArchivedOrders" })
        {
            node.Remove(field);
        }

        var upgraded = new CustomerAccount(JsonSerializer.Deserialize<CustomerState>(node.ToJsonString())!, rules);

        Assert.Equal(700, upgraded.OrderCount);
        Assert.Equal((At.Day(0), At.Day(699)), (upgraded.FirstPurchaseAt, upgraded.LastPurchaseAt));
        Assert.Equal(unbounded.NetSpend, upgraded.NetSpend);
        Assert.Equal(unbounded.TierAsOf(At.Day(702)), upgraded.TierAsOf(At.Day(702)));
        Assert.Equal(unbounded.RecentMovements(CustomerAccount.HistoryKept), upgraded.RecentMovements(CustomerAccount.HistoryKept));
        Assert.Equal(CustomerAccount.HistoryKept, upgraded.State.History.Count);

        // Folding waits for the next purchase, as it would have for an account bounded all along.
        Assert.Equal(700, upgraded.State.Orders.Count);
        Assert.Equal(Json(unbounded.Buy("o-next", 20m, At.Day(703))), Json(upgraded.Buy("o-next", 20m, At.Day(703))));
        Assert.True(upgraded.State.Orders.Count < 700);
        Assert.Equal(unbounded.NetSpend, upgraded.NetSpend);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>The bounded account, the reference, and the events a journal would hold.</summary>
    private sealed class World(LoyaltyRules rules)
    {
        private readonly LoyaltyRules _referenceRules = new() { LateEventDays = 36_500, TierWindowDays = rules.TierWindowDays };
        private readonly Dictionary<string, (OrderRecord Purchase, List<ArchivedRefund> Refunds, bool Reviewed)> _journal = new();
        private readonly List<SpendEntry> _spend = [];

        public CustomerAccount Bounded { get; private set; } = CustomerAccount.Open("c-1", rules);

        public CustomerAccount Reference { get; } = CustomerAccount.Open("c-1", new LoyaltyRules { LateEventDays = 36_500 });

        public List<string> OrderIds { get; } = [];

        public int PagedIn { get; private set; }

        public void Purchase(string orderId, decimal amount, string currency, decimal reporting, DateTimeOffset at)
        {
            var expected = Reference.Purchase(orderId, amount, currency, reporting, at);
            var actual = Bounded.Purchase(orderId, amount, currency, reporting, at);
            Assert.Equal(PurchaseStatus.Accepted, expected.Status);
            Assert.Equal(Json(expected), Json(actual));
            // The reference's tier is checked against a plain sum over every entry in [t − window, t).
            var windowSpend = _spend.Where(e => e.OccurredAt >= at - rules.TierWindow && e.OccurredAt < at).Sum(e => e.Amount);
            Assert.Equal(new TierPolicy(rules).TierFor(windowSpend), expected.EarningTier);
            _spend.Add(new SpendEntry(at, reporting));
            OrderIds.Add(orderId);
            _journal[orderId] = (new OrderRecord { OrderId = orderId, Amount = amount, Currency = currency, ReportingAmount = reporting, OccurredAt = at, PointsEarned = actual.PointsEarned }, [], false);
        }

        public void Refund(string refundId, string orderId, decimal amount, DateTimeOffset at)
        {
            PageIn(orderId);
            var expected = Reference.Refund(refundId, orderId, amount, at);
            var actual = Bounded.Refund(refundId, orderId, amount, at);
            Assert.Equal(Json(expected), Json(actual));
            if (actual.Status == RefundStatus.Accepted)
            {
                _spend.Add(new SpendEntry(at, -actual.ReportingAmount));
                _journal[orderId].Refunds.Add(new ArchivedRefund(refundId, amount, at, actual.PointsReversed));
            }
        }

        public void Review(string reviewId, string orderId, DateTimeOffset at)
        {
            PageIn(orderId);
            var expected = Reference.Review(reviewId, orderId, 5, at);
            var actual = Bounded.Review(reviewId, orderId, 5, at);
            Assert.Equal(Json(expected), Json(actual));
            if (actual.PointsEarned > 0)
            {
                _journal[orderId] = _journal[orderId] with { Reviewed = true };
            }
        }

        public void Same<T>(Func<CustomerAccount, T> call) => Assert.Equal(Json(call(Reference)!), Json(call(Bounded)!));

        public void AssertSameReads(DateTimeOffset now)
        {
            Assert.Equal(Json(Reference.Snapshot(now)), Json(Bounded.Snapshot(now)));
            Assert.Equal(Reference.RecentMovements(CustomerAccount.HistoryKept), Bounded.RecentMovements(CustomerAccount.HistoryKept));
            Assert.Equal(Reference.NextDueAt(now), Bounded.NextDueAt(now));
            Assert.Equal(_spend.Sum(e => e.Amount), Bounded.NetSpend);
        }

        /// <summary>A snapshot round trip, as a grain's activation makes.</summary>
        public void Reload() =>
            Bounded = new CustomerAccount(JsonSerializer.Deserialize<CustomerState>(JsonSerializer.Serialize(Bounded.State))!, rules);

        // As the grain does: the purchase as recorded, then the refunds and the rewarded review since.
        private void PageIn(string orderId)
        {
            if (!Bounded.MayHaveArchived(orderId))
            {
                return;
            }

            var (purchase, refunds, reviewed) = _journal[orderId];
            var copy = JsonSerializer.Deserialize<OrderRecord>(JsonSerializer.Serialize(purchase))!;
            Bounded.RestoreOrder(copy, refunds, reviewed);
            PagedIn++;
        }
    }
}
