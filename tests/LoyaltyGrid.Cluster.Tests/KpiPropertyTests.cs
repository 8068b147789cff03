using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Grains.Visits;
using Xunit.Abstractions;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// Seeded random streams (purchases in several currencies, storefronts and markets, visits with
/// repeated sessions, refunds, complaints with responses and resolutions, reviews, duplicates,
/// out-of-order times) through a real two-silo cluster; once quiet, every KPI of every scope must
/// equal <see cref="KpiOracle"/>.
/// </summary>
public sealed class KpiPropertyTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public Task Every_kpi_of_every_scope_equals_the_oracle() => new KpiStream(fixture, output, 11).RunAsync(killSiloHalfway: false);
}

/// <summary>Another seed, on a cluster and database of its own (the grid scope must hold one stream only).</summary>
public sealed class KpiPropertyTestsSecondSeed(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public Task Every_kpi_of_every_scope_equals_the_oracle() => new KpiStream(fixture, output, 29).RunAsync(killSiloHalfway: false);
}

/// <summary>The same, with the silo holding half the work killed in the middle of the stream.</summary>
public sealed class KpiFailureTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public Task Kpis_equal_the_oracle_after_a_silo_dies_mid_stream() => new KpiStream(fixture, output, 47).RunAsync(killSiloHalfway: true);
}

internal sealed class KpiStream(ClusterFixture fixture, ITestOutputHelper output, int seed)
{
    private static readonly string[] Storefronts = ["north", "south"];
    private static readonly string[] Markets = ["DE", "FR", "US"];
    private static readonly string[] Currencies = ["USD", "EUR", "GBP"];
    private static readonly string[] Categories = ["logistics", "quality", "not-as-described", "return-refund", "payment", "service"];

    private readonly Random _random = new(seed);
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly string _run = $"r{seed}x{Guid.NewGuid():N}"[..12];
    private int _retries;

    public async Task RunAsync(bool killSiloHalfway)
    {
        var oracle = new KpiOracle(_now);
        var grains = fixture.Grains;

        // Phase 1: purchases (each customer's in shuffled time order) and visits, all customers at once.
        var purchases = GeneratePurchases();
        var visits = GenerateVisits(purchases);
        var purchasesByCustomer = purchases.GroupBy(p => p.Customer).ToList();
        var killAfter = purchasesByCustomer.Count / 2;
        var started = 0;
        await Task.WhenAll(
            Task.WhenAll(purchasesByCustomer.Select(async customer =>
            {
                if (killSiloHalfway && Interlocked.Increment(ref started) == killAfter)
                {
                    await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos[^1]);
                }

                foreach (var p in customer)
                {
                    var command = new PurchaseCommand(p.Storefront, p.OrderId, p.Amount, p.Currency, p.Market, p.At, p.Session, null);
                    if (await SendAsync(() => grains.GetGrain<ICustomerGrain>(p.Customer).Purchase(command)))
                    {
                        lock (oracle)
                        {
                            oracle.Purchases.Add(p);
                        }
                    }
                }
            })),
            Task.WhenAll(visits.Select(async v =>
            {
                await RetryAsync(() => grains.GetGrain<ISessionGrain>($"{v.Storefront}/{v.Session}").RecordVisit(new VisitCommand(v.Storefront, v.Session, null, v.Market, v.At)));
                lock (oracle)
                {
                    oracle.Visits.Add(v);
                }
            })));

        // Duplicates: the same purchases again must change nothing.
        foreach (var p in oracle.Purchases.Where(_ => _random.NextDouble() < 0.15).ToList())
        {
            var result = await RetryAsync(() => grains.GetGrain<ICustomerGrain>(p.Customer).Purchase(
                new PurchaseCommand(p.Storefront, p.OrderId, p.Amount, p.Currency, p.Market, p.At, p.Session, null)));
            Assert.Equal(EventStatus.Duplicate, result.Status);
        }

        // Phase 2: refunds, complaints and reviews of accepted orders.
        var orders = oracle.Purchases.ToList();
        var refunds = new List<KpiOracle.Refund>();
        var complaints = new List<KpiOracle.Complaint>();
        var reviews = new List<KpiOracle.Review>();
        foreach (var order in orders)
        {
            var roll = _random.NextDouble();
            if (roll < 0.25)
            {
                var first = Math.Round(order.Amount * (decimal)(0.2 + _random.NextDouble() * 0.5), 2);
                refunds.Add(new(order.Customer, order.Storefront, order.OrderId, first, Later(order.At)));
                if (_random.NextDouble() < 0.5)
                {
                    refunds.Add(new(order.Customer, order.Storefront, order.OrderId, order.Amount - first, Later(order.At)));
                }
            }

            if (_random.NextDouble() < 0.2)
            {
                complaints.Add(new(order.Customer, order.Storefront, $"{_run}-c{complaints.Count}", order.OrderId, Categories[_random.Next(Categories.Length)], Later(order.At)));
            }

            if (_random.NextDouble() < 0.3)
            {
                reviews.Add(new(order.Customer, order.Storefront, order.OrderId, 1 + _random.Next(5), Later(order.At)));
            }
        }

        var phaseTwo = refunds.Select(r => (r.Customer, Send: (Func<Task>)(async () =>
            {
                if (await SendAsync(() => grains.GetGrain<ICustomerGrain>(r.Customer).Refund(new RefundCommand(r.Storefront, $"rf-{r.OrderId}-{r.Amount}", r.OrderId, r.Amount, r.At))))
                {
                    lock (oracle)
                    {
                        oracle.Refunds.Add(r);
                    }
                }
            })))
            .Concat(complaints.Select(c => (c.Customer, Send: (Func<Task>)(async () =>
            {
                if (await SendAsync(() => grains.GetGrain<ICustomerGrain>(c.Customer).OpenComplaint(new ComplaintCommand(c.Storefront, c.Id, c.OrderId, c.Category, c.At, "late parcel"))))
                {
                    lock (oracle)
                    {
                        oracle.Complaints.Add(c);
                    }
                }
            }))))
            .Concat(reviews.Select((r, index) => (r.Customer, Send: (Func<Task>)(async () =>
            {
                if (await SendAsync(() => grains.GetGrain<ICustomerGrain>(r.Customer).Review(new ReviewCommand(r.Storefront, $"{_run}-rv{index}", r.OrderId, r.Rating, r.At, null))))
                {
                    lock (oracle)
                    {
                        oracle.Reviews.Add(r);
                    }
                }
            }))));
        await Task.WhenAll(phaseTwo.GroupBy(work => work.Customer).Select(async customer =>
        {
            foreach (var work in customer.OrderBy(_ => _random.Next()))
            {
                await work.Send();
            }
        }));

        // Phase 3: responses and resolutions (their KPIs are checked by count).
        var responded = 0;
        foreach (var complaint in oracle.Complaints.ToList())
        {
            if (_random.NextDouble() < 0.6)
            {
                var at = Later(complaint.At);
                if (await SendAsync(() => grains.GetGrain<ICustomerGrain>(complaint.Customer).RecordComplaintResponse(new ComplaintProgressCommand(complaint.Storefront, complaint.Id, at))))
                {
                    responded++;
                }
            }
        }

        output.WriteLine($"seed {seed}: {oracle.Purchases.Count} purchases, {oracle.Visits.Count} visits, {oracle.Refunds.Count} refunds, " +
            $"{oracle.Complaints.Count} complaints ({responded} answered), {oracle.Reviews.Count} reviews, {_retries} retried calls");

        await WaitUntilQuietAsync(oracle);
        await CompareAsync(oracle, responded);
    }

    private async Task CompareAsync(KpiOracle oracle, int responded)
    {
        foreach (var scope in oracle.AllScopes())
        {
            var snapshot = await fixture.Grains.GetGrain<IKpiScopeGrain>(scope).Snapshot();
            foreach (var (bucket, period) in new[] { ("all", snapshot.AllTime), (oracle.Today, snapshot.Today), (oracle.ThisMonth, snapshot.ThisMonth) })
            {
                var at = $"{scope} {bucket}";
                Assert.True(oracle.Orders(scope, bucket) == period.Orders, $"orders {at}: {oracle.Orders(scope, bucket)} vs {period.Orders}");
                Assert.True(oracle.GrossRevenue(scope, bucket) == period.GrossRevenue, $"grossRevenue {at}: {oracle.GrossRevenue(scope, bucket)} vs {period.GrossRevenue}");
                Assert.True(oracle.Buyers(scope, bucket) == period.Buyers, $"buyers {at}");
                Assert.True(oracle.NewCustomers(scope, bucket) == period.NewCustomers, $"newCustomers {at}");
                Assert.True(oracle.ReturningCustomers(scope, bucket) == period.ReturningCustomers, $"returningCustomers {at}: {oracle.ReturningCustomers(scope, bucket)} vs {period.ReturningCustomers}");
                Assert.True(oracle.RefundCount(scope, bucket) == period.Refunds, $"refunds {at}");
                Assert.True(oracle.RefundedAmount(scope, bucket) == period.RefundedAmount, $"refundedAmount {at}: {oracle.RefundedAmount(scope, bucket)} vs {period.RefundedAmount}");
                Assert.True(oracle.SessionVisits(scope, bucket) == period.Visits, $"visits {at}: {oracle.SessionVisits(scope, bucket)} vs {period.Visits}");
                Assert.True(oracle.ConvertedSessions(scope, bucket) == period.ConvertedSessions, $"convertedSessions {at}: {oracle.ConvertedSessions(scope, bucket)} vs {period.ConvertedSessions}");
                var complaints = oracle.ComplaintsByCategory(scope, bucket);
                Assert.True(complaints.Values.Sum() == period.Complaints.Total, $"complaints {at}");
                Assert.All(complaints, category => Assert.Equal(category.Value, period.Complaints.ByCategory[category.Key]));
                Assert.True(oracle.ReviewCount(scope, bucket) == period.Reviews, $"reviews {at}");
                Assert.True(Math.Abs(oracle.AverageRating(scope, bucket) - period.AverageRating) < 0.000001m, $"averageRating {at}");
                Assert.True(Math.Abs(oracle.Csat(scope, bucket) - period.Csat) < 0.000001m, $"csat {at}");
            }

            Assert.True(Math.Abs(oracle.RepeatPurchaseRate(scope) - snapshot.RepeatPurchaseRate) < 0.000001m, $"repeatPurchaseRate {scope}");
            var cohorts = oracle.Cohorts(scope);
            Assert.Equal(cohorts.Keys, snapshot.Cohorts.Select(row => row.Cohort));
            foreach (var row in snapshot.Cohorts)
            {
                Assert.Equal(cohorts[row.Cohort].Where(cell => cell.Value > 0).Select(cell => (cell.Key, cell.Value)),
                    row.Cells.Where(cell => cell.Count > 0).Select(cell => (cell.Month, cell.Count)));
            }
        }

        var grid = await fixture.Grains.GetGrain<IKpiScopeGrain>(KpiScope.Grid.Key).Snapshot();
        Assert.Equal(oracle.Lifecycle().OrderBy(kv => kv.Key), grid.Lifecycle.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key));
        Assert.Equal(oracle.Tiers().OrderBy(kv => kv.Key), grid.Tiers.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key));
        Assert.Equal(responded, grid.AllTime.FirstResponseTime.Count);

        var customers = await Task.WhenAll(oracle.Purchases.Select(p => p.Customer).Distinct()
            .Select(id => fixture.Grains.GetGrain<ICustomerGrain>(id).Get()));
        Assert.Equal(customers.Sum(c => c!.Balance), grid.PointsOutstanding);
        Assert.Equal(customers.Sum(c => c!.LifetimePoints), grid.AllTime.PointsIssued);
    }

    /// <summary>
    /// Quiet: the grid shows every accepted event (contributions owed after a failed delivery
    /// arrive with the next reminder tick) and nothing has moved for two seconds. The comparison
    /// that follows covers every scope and every KPI.
    /// </summary>
    private async Task WaitUntilQuietAsync(KpiOracle oracle)
    {
        var grid = fixture.Grains.GetGrain<IKpiScopeGrain>(KpiScope.Grid.Key);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        long lastVersion = -1;
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = await RetryAsync(grid.Snapshot);
            var version = await RetryAsync(grid.Version);
            if (version != lastVersion)
            {
                (lastVersion, stableSince) = (version, DateTime.UtcNow);
            }
            else if (snapshot.AllTime.Orders == oracle.Orders("grid", "all")
                && snapshot.AllTime.Visits == oracle.SessionVisits("grid", "all")
                && snapshot.AllTime.ConvertedSessions == oracle.ConvertedSessions("grid", "all")
                && snapshot.AllTime.Refunds == oracle.RefundCount("grid", "all")
                && snapshot.AllTime.Reviews == oracle.ReviewCount("grid", "all")
                && DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(2))
            {
                return;
            }

            await Task.Delay(200);
        }
    }

    private List<KpiOracle.Purchase> GeneratePurchases()
    {
        var purchases = new List<KpiOracle.Purchase>();
        for (var c = 0; c < 30; c++)
        {
            var customer = $"{_run}-cust{c}";
            var count = 1 + _random.Next(5);
            for (var n = 0; n < count; n++)
            {
                var storefront = Storefronts[_random.Next(Storefronts.Length)];
                var session = _random.NextDouble() < 0.6 ? $"{_run}-s{_random.Next(25)}" : null;
                purchases.Add(new(customer, storefront, $"{_run}-o{purchases.Count}", Markets[_random.Next(Markets.Length)],
                    Math.Round(5m + (decimal)_random.NextDouble() * 700m, 2), Currencies[_random.Next(Currencies.Length)], Earlier(), session));
            }
        }

        // Each customer's purchases arrive in a random order, not in time order.
        return [.. purchases.OrderBy(_ => _random.Next())];
    }

    private List<KpiOracle.Visit> GenerateVisits(List<KpiOracle.Purchase> purchases) =>
        [.. Enumerable.Range(0, 60).Select(_ => new KpiOracle.Visit(
            Storefronts[_random.Next(Storefronts.Length)], $"{_run}-s{_random.Next(25)}", Markets[_random.Next(Markets.Length)], Earlier()))];

    // Mostly the last two months, some today, none in the future.
    private DateTimeOffset Earlier() => _random.NextDouble() < 0.2
        ? _now.AddMinutes(-_random.Next(1, (int)Math.Max(2, (_now - _now.Date).TotalMinutes)))
        : _now.AddMinutes(-_random.Next(60, 70 * 24 * 60));

    private DateTimeOffset Later(DateTimeOffset after)
    {
        var room = (_now - after).TotalMinutes;
        return room < 2 ? after : after.AddMinutes(_random.Next(1, (int)Math.Min(room, 3 * 24 * 60)));
    }

    private async Task<bool> SendAsync<T>(Func<Task<EventResult<T>>> call) where T : class =>
        (await RetryAsync(call)).IsSuccess;

    // A call that failed may still have been applied; the retry then gets the stored receipt.
    private async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (attempt < 60)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(250);
            }
        }
    }
}
