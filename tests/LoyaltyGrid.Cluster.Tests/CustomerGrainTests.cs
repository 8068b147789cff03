using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using Orleans.Runtime;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>The customer grain in a real two-silo cluster on PostgreSQL.</summary>
public sealed class CustomerGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly DateTimeOffset Recently = DateTimeOffset.UtcNow.AddDays(-1);

    [Fact]
    public async Task A_retried_purchase_returns_the_original_receipt_even_after_deactivation()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("retry-after-deactivation");
        var purchase = Purchase("store-a", "A-1", 59.90m);
        var first = await customer.Purchase(purchase);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var retry = await customer.Purchase(purchase with { Amount = 59.9m, OccurredAt = purchase.OccurredAt.ToOffset(TimeSpan.FromHours(2)) });

        Assert.Equal(EventStatus.Applied, first.Status);
        Assert.Equal(EventStatus.Duplicate, retry.Status);
        Assert.Equal(first.Receipt, retry.Receipt);
        Assert.Equal(59, first.Receipt!.PointsEarned);
        Assert.Equal(1, (await customer.Get())!.Orders);
    }

    [Fact]
    public async Task The_same_id_with_other_content_is_a_conflict_and_changes_nothing()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("reused-id");
        await customer.Purchase(Purchase("store-a", "A-1", 10m));

        var reused = await customer.Purchase(Purchase("store-a", "A-1", 11m));

        Assert.Equal(EventStatus.Conflict, reused.Status);
        Assert.Equal(10m, (await customer.Get())!.NetSpend);
    }

    [Fact]
    public async Task Two_storefronts_may_use_the_same_order_id()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("shared-order-id");

        var a = await customer.Purchase(Purchase("store-a", "1001", 10m));
        var b = await customer.Purchase(Purchase("store-b", "1001", 20m));

        Assert.Equal(EventStatus.Applied, a.Status);
        Assert.Equal(EventStatus.Applied, b.Status);
        Assert.Equal(2, (await customer.Get())!.Orders);
    }

    [Fact]
    public async Task A_referrer_is_paid_once_when_the_referee_first_buys()
    {
        var referrer = fixture.Grains.GetGrain<ICustomerGrain>("referrer");
        var referee = fixture.Grains.GetGrain<ICustomerGrain>("referee");
        await referrer.Purchase(Purchase("store-a", "R-0", 10m));

        var referral = await referee.RecordReferral(new ReferralCommand("store-a", "ref-1", "referrer", Recently));
        await referee.Purchase(Purchase("store-a", "E-1", 30m));
        await referee.Purchase(Purchase("store-a", "E-1", 30m));
        await referee.Purchase(Purchase("store-a", "E-2", 30m));

        Assert.Equal("recorded", referral.Receipt!.Outcome);
        // The award is delivered by the referral-award projection after the purchase is answered.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await referrer.Get())!.LifetimePoints < 10 + 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(10 + 200, (await referrer.Get())!.LifetimePoints);
        Assert.Equal(1L, await StoredAwardsAsync("referee"));
        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM journal WHERE stream = @stream AND type = @type", ("stream", StreamKeys.Customer("referrer")), ("type", CustomerEventTypes.ReferralAward)));
    }

    [Fact]
    public async Task Refused_events_leave_no_trace_in_memory_or_storage()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("refusals");
        await customer.Purchase(Purchase("store-a", "A-1", 100m));
        var before = await StoredStateAsync("refusals");

        var tooMuch = await customer.Redeem(new RedemptionCommand("store-a", "red-1", 101));
        var unknownOrder = await customer.Refund(new RefundCommand("store-a", "rf-1", "nope", 1m, Recently));
        var overRefund = await customer.Refund(new RefundCommand("store-a", "rf-2", "A-1", 100.01m, Recently));
        var unknownCurrency = await customer.Purchase(Purchase("store-a", "A-2", 5m) with { Currency = "XXX" });

        Assert.Equal([EventStatus.Conflict, EventStatus.NotFound, EventStatus.Conflict, EventStatus.Unprocessable],
            [tooMuch.Status, unknownOrder.Status, overRefund.Status, unknownCurrency.Status]);
        Assert.Equal(before, await StoredStateAsync("refusals"));
        Assert.Equal(100, (await customer.Get())!.Balance);
    }

    [Fact]
    public async Task Points_past_their_expiry_are_expired_by_the_reminder()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("expiring");
        await customer.Purchase(Purchase("store-a", "old", 40m) with { OccurredAt = DateTimeOffset.UtcNow.AddDays(-400) });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<PointMovementView>? history;
        do
        {
            await Task.Delay(250);
            history = await customer.History(10);
        }
        while (!history!.Any(movement => movement.Kind == "expire") && DateTime.UtcNow < deadline);

        Assert.Contains(history!, movement => movement.Kind == "expire" && movement.Points == -40);
        Assert.Equal(0, (await customer.Get())!.Balance);
        // A lapsed customer without points has nothing left to wait for: its due moment is dropped.
        var dueDeadline = DateTime.UtcNow.AddSeconds(30);
        long due;
        while ((due = await DueCountAsync("expiring")) > 0 && DateTime.UtcNow < dueDeadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(0L, due);
    }

    [Fact]
    public async Task A_customer_with_points_to_expire_has_a_due_moment_in_postgres()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("will-expire");

        await customer.Purchase(Purchase("store-a", "A-1", 10m));

        // Written in the append's transaction, so it is there when the purchase is answered.
        Assert.Equal(1L, await DueCountAsync("will-expire"));
    }

    [Fact]
    public async Task Erasure_removes_personal_data_but_answers_old_retries()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("erase-me");
        var purchase = Purchase("store-a", "A-1", 25m) with { Items = [new OrderItemData("sku-secret", 1, 25m, "books")] };
        await customer.Purchase(purchase);
        await customer.Review(new ReviewCommand("store-a", "rv-1", "A-1", 5, Recently, "my private words"));
        await customer.OpenComplaint(new ComplaintCommand("store-a", "c-1", "A-1", "quality", Recently, "call me at 555-0100"));

        Assert.Contains("sku-secret", await StoredStateAsync("erase-me"), StringComparison.Ordinal);

        Assert.True(await customer.Erase());

        var stored = await StoredStateAsync("erase-me");
        Assert.DoesNotContain("sku-secret", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("my private words", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("555-0100", stored, StringComparison.Ordinal);
        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM journal WHERE stream = @stream AND type = @type", ("stream", StreamKeys.Customer("erase-me")), ("type", CustomerEventTypes.Erasure)));

        Assert.Null(await customer.Get());
        Assert.Equal(EventStatus.Duplicate, (await customer.Purchase(purchase)).Status);
        Assert.Equal(EventStatus.Conflict, (await customer.Purchase(Purchase("store-a", "A-2", 5m))).Status);
    }

    [Fact]
    public async Task An_order_folded_out_of_memory_is_paged_back_in_and_old_ids_are_answered_from_the_journal()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("long-history");
        var longAgo = DateTimeOffset.UtcNow.AddDays(-3 * 365);
        var oldPurchase = new PurchaseCommand("store-a", "O-1", 300m, "EUR", "DE", longAgo, null, null);
        var oldRefund = new RefundCommand("store-a", "rf-old", "O-1", 100m, longAgo.AddDays(1));
        Assert.Equal(324, (await customer.Purchase(oldPurchase)).Receipt!.PointsEarned);
        // By server time O-1's points have long expired, so the refund's 108 points are all shortfall.
        var firstAnswer = await customer.Refund(oldRefund);
        Assert.Equal(EventStatus.Applied, firstAnswer.Status);
        Assert.Equal(50, (await customer.Review(new ReviewCommand("store-a", "rv-old", "O-1", 5, longAgo.AddDays(2), null))).Receipt!.PointsEarned);
        // A purchase today moves the spend horizon past O-1, whose points expired long ago.
        await customer.Purchase(Purchase("store-a", "A-2", 10m));

        // The rest of O-1: owed floor(324 × 300 / 300) − 108 = 216, of which the balance has 10.
        var rest = await customer.Refund(new RefundCommand("store-a", "rf-rest", "O-1", 200m, Recently));
        Assert.Equal((EventStatus.Applied, 10L, 0L), (rest.Status, rest.Receipt!.PointsReversed, rest.Receipt.Balance));

        // Old ids: a retry is a duplicate with its receipt, other content a conflict.
        var retried = await customer.Refund(oldRefund);
        Assert.Equal(EventStatus.Duplicate, retried.Status);
        Assert.Equal(firstAnswer.Receipt, retried.Receipt);
        Assert.Equal(EventStatus.Conflict, (await customer.Refund(oldRefund with { Amount = 99m })).Status);
        Assert.Equal(EventStatus.Duplicate, (await customer.Purchase(oldPurchase)).Status);
        // The old refund's id reused for another order is refused by the journal's unique index.
        Assert.Equal(EventStatus.Conflict, (await customer.Refund(oldRefund with { OrderId = "A-2", Amount = 1m })).Status);
        // A new purchase whose tier window would need the summed spend is refused, not misjudged.
        Assert.Equal(EventStatus.Unprocessable, (await customer.Purchase(oldPurchase with { OrderId = "O-late", OccurredAt = longAgo.AddDays(3) })).Status);
        Assert.Equal(0, (await customer.Review(new ReviewCommand("store-a", "rv-again", "O-1", 4, Recently, null))).Receipt!.PointsEarned);

        // Folded out again, then rebuilt from the journal: the order pages in with both refunds.
        await customer.Purchase(Purchase("store-a", "A-3", 10m));
        var before = await customer.Get();
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await customer.Get();
        Assert.Equal(before! with { Expiring = [] }, after! with { Expiring = [] });
        Assert.Equal(before.Expiring, after.Expiring);
        Assert.Equal(EventStatus.Conflict, (await customer.Refund(new RefundCommand("store-a", "rf-cent", "O-1", 0.01m, Recently))).Status);

        // Without a snapshot, replay pages O-1 in before the refunds and review about it, as the live grain did.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            "WITH dropped AS (DELETE FROM stream_snapshot WHERE stream = @stream RETURNING 1) SELECT count(*) FROM dropped", ("stream", StreamKeys.Customer("long-history"))));
        var replayed = await customer.Get();
        Assert.Equal(before with { Expiring = [] }, replayed! with { Expiring = [] });
        Assert.Equal(EventStatus.Conflict, (await customer.Refund(new RefundCommand("store-a", "rf-cent", "O-1", 0.01m, Recently))).Status);
        Assert.Equal(3, before!.Orders);
        Assert.Equal(20m, before.NetSpend);
    }

    /// <summary>Everything stored of a customer: its journal entries and its snapshot, if any.</summary>
    private async Task<string> StoredStateAsync(string customerId) =>
        (await fixture.ScalarAsync<string>(
            """
            SELECT coalesce((SELECT string_agg(seq || ' ' || type || ' ' || payload::text, E'\n' ORDER BY seq) FROM journal WHERE stream = @stream), '')
                || E'\n--\n' || coalesce((SELECT seq || ' ' || payload::text FROM stream_snapshot WHERE stream = @stream), '')
            """, ("stream", StreamKeys.Customer(customerId))))!;

    /// <summary>The referee's journal entries that owe its referrer an award: one, however often it bought.</summary>
    private async Task<long> StoredAwardsAsync(string refereeId) => await fixture.ScalarAsync<long>(
        "SELECT count(*) FROM journal WHERE stream = @stream AND payload::jsonb -> 'award' IS NOT NULL AND payload::jsonb -> 'award' <> 'null'::jsonb",
        ("stream", StreamKeys.Customer(refereeId)));

    private async Task<long> DueCountAsync(string customerId) =>
        await fixture.ScalarAsync<long>("SELECT count(*) FROM stream_due WHERE stream = @stream", ("stream", StreamKeys.Customer(customerId)));

    private static PurchaseCommand Purchase(string storefront, string orderId, decimal amount) =>
        new(storefront, orderId, amount, "USD", "DE", Recently, null, null);
}
