using System.Globalization;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// The KPIs of kpis.md computed straight from the accepted events, the way SQL over an event
/// table would: group by scope and bucket, count distinct, take minimums. It shares no code with
/// the product.
/// </summary>
public sealed class KpiOracle(DateTimeOffset now)
{
    private static readonly Dictionary<string, decimal> Rates = new() { ["USD"] = 1m, ["EUR"] = 1.08m, ["GBP"] = 1.27m };

    public List<Purchase> Purchases { get; } = [];
    public List<Refund> Refunds { get; } = [];
    public List<Visit> Visits { get; } = [];
    public List<Complaint> Complaints { get; } = [];
    public List<Review> Reviews { get; } = [];

    public sealed record Purchase(string Customer, string Storefront, string OrderId, string Market, decimal Amount, string Currency, DateTimeOffset At, string? Session)
    {
        public decimal Reporting => Math.Round(Amount * Rates[Currency], 2, MidpointRounding.AwayFromZero);
    }

    public sealed record Refund(string Customer, string Storefront, string OrderId, decimal Amount, DateTimeOffset At);

    public sealed record Visit(string Storefront, string Session, string Market, DateTimeOffset At);

    public sealed record Complaint(string Customer, string Storefront, string Id, string OrderId, string Category, DateTimeOffset At);

    public sealed record Review(string Customer, string Storefront, string OrderId, int Rating, DateTimeOffset At);

    public static IEnumerable<string> ScopesOf(string storefront, string? market) => market is null
        ? ["grid", $"storefront:{storefront}"]
        : ["grid", $"storefront:{storefront}", $"market:{market}", $"storefront-market:{storefront}|{market}"];

    public string Today => now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string ThisMonth => now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Whether an instant falls in the named bucket: "all", a month or a day.</summary>
    public static bool In(string bucket, DateTimeOffset at) => bucket == "all" || Day(at) == bucket || Month(at) == bucket;

    private Purchase OrderOf(string storefront, string orderId) => Purchases.Single(p => p.Storefront == storefront && p.OrderId == orderId);

    private IEnumerable<Purchase> PurchasesIn(string scope) => Purchases.Where(p => ScopesOf(p.Storefront, p.Market).Contains(scope));

    public long Orders(string scope, string bucket) => PurchasesIn(scope).Count(p => In(bucket, p.At));

    public decimal GrossRevenue(string scope, string bucket) => PurchasesIn(scope).Where(p => In(bucket, p.At)).Sum(p => p.Reporting);

    public long Buyers(string scope, string bucket) => PurchasesIn(scope).Where(p => In(bucket, p.At)).Select(p => p.Customer).Distinct().LongCount();

    public long NewCustomers(string scope, string bucket) =>
        PurchasesIn(scope).GroupBy(p => p.Customer).Count(g => In(bucket, g.Min(p => p.At)));

    public long ReturningCustomers(string scope, string bucket)
    {
        if (bucket == "all")
        {
            return 0;
        }

        var start = bucket.Length == 7
            ? DateTimeOffset.ParseExact(bucket + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.ParseExact(bucket, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return PurchasesIn(scope).GroupBy(p => p.Customer)
            .Count(g => g.Any(p => In(bucket, p.At)) && g.Any(p => p.At < start));
    }

    public decimal RepeatPurchaseRate(string scope)
    {
        var perCustomer = PurchasesIn(scope).GroupBy(p => p.Customer).Select(g => g.Count()).ToList();
        return perCustomer.Count == 0 ? 0 : (decimal)perCustomer.Count(n => n >= 2) / perCustomer.Count;
    }

    /// <summary>Cohort month → (month → distinct customers of the cohort who bought then).</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> Cohorts(string scope)
    {
        var table = new SortedDictionary<string, SortedDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var customer in PurchasesIn(scope).GroupBy(p => p.Customer))
        {
            var cohort = Month(customer.Min(p => p.At));
            if (!table.TryGetValue(cohort, out var row))
            {
                table[cohort] = row = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var month in customer.Select(p => Month(p.At)).Distinct())
            {
                row[month] = row.GetValueOrDefault(month) + 1;
            }
        }

        return table;
    }

    private IEnumerable<(Refund Refund, decimal Reporting, Purchase Order)> RefundsWithReporting()
    {
        // rules.md: a refund is in the order's currency at the order's fixed rate, allocated on the
        // running refunded total so that a full refund adds up to exactly the order's amount.
        foreach (var byOrder in Refunds.GroupBy(r => (r.Storefront, r.OrderId)))
        {
            var order = OrderOf(byOrder.Key.Storefront, byOrder.Key.OrderId);
            decimal refunded = 0, reportedSoFar = 0;
            foreach (var refund in byOrder)
            {
                refunded += refund.Amount;
                var reportedTotal = Math.Round(order.Reporting * refunded / order.Amount, 2, MidpointRounding.AwayFromZero);
                yield return (refund, reportedTotal - reportedSoFar, order);
                reportedSoFar = reportedTotal;
            }
        }
    }

    public long RefundCount(string scope, string bucket) =>
        RefundsWithReporting().Count(r => ScopesOf(r.Order.Storefront, r.Order.Market).Contains(scope) && In(bucket, r.Refund.At));

    public decimal RefundedAmount(string scope, string bucket) =>
        RefundsWithReporting().Where(r => ScopesOf(r.Order.Storefront, r.Order.Market).Contains(scope) && In(bucket, r.Refund.At)).Sum(r => r.Reporting);

    public long SessionVisits(string scope, string bucket) =>
        Visits.GroupBy(v => (v.Storefront, v.Session))
            .Select(g => g.OrderBy(v => v.At).First())
            .Count(first => ScopesOf(first.Storefront, first.Market).Contains(scope) && In(bucket, first.At));

    public long ConvertedSessions(string scope, string bucket) =>
        Purchases.Where(p => p.Session is not null)
            .GroupBy(p => (p.Storefront, p.Session))
            .Select(g => g.OrderBy(p => p.At).First())
            .Count(first => ScopesOf(first.Storefront, first.Market).Contains(scope) && In(bucket, first.At));

    public Dictionary<string, long> ComplaintsByCategory(string scope, string bucket) =>
        Complaints.Where(c => ScopesOf(c.Storefront, OrderOf(c.Storefront, c.OrderId).Market).Contains(scope) && In(bucket, c.At))
            .GroupBy(c => c.Category).ToDictionary(g => g.Key, g => g.LongCount());

    private IEnumerable<Review> ReviewsIn(string scope, string bucket) =>
        Reviews.Where(r => ScopesOf(r.Storefront, OrderOf(r.Storefront, r.OrderId).Market).Contains(scope) && In(bucket, r.At));

    public long ReviewCount(string scope, string bucket) => ReviewsIn(scope, bucket).LongCount();

    public decimal AverageRating(string scope, string bucket) =>
        ReviewsIn(scope, bucket).Select(r => (decimal)r.Rating).DefaultIfEmpty().Average();

    public decimal Csat(string scope, string bucket)
    {
        var reviews = ReviewsIn(scope, bucket).ToList();
        return reviews.Count == 0 ? 0 : (decimal)reviews.Count(r => r.Rating >= 4) / reviews.Count;
    }

    /// <summary>rules.md lifecycle states as of now, per customer who bought (every customer here did).</summary>
    public Dictionary<string, long> Lifecycle() =>
        Purchases.GroupBy(p => p.Customer).Select(g =>
        {
            var sinceLast = now - g.Max(p => p.At);
            return sinceLast > TimeSpan.FromDays(180) ? "lapsed"
                : g.Count() == 1 ? "new"
                : sinceLast <= TimeSpan.FromDays(90) ? "repeat"
                : "at-risk";
        }).GroupBy(state => state).ToDictionary(g => g.Key, g => g.LongCount());

    /// <summary>rules.md tiers as of now: net spend (purchases − refunds, at their own times) in [now − 365 d, now).</summary>
    public Dictionary<string, long> Tiers()
    {
        var refunds = RefundsWithReporting().ToList();
        return Purchases.GroupBy(p => p.Customer).Select(g =>
        {
            var spend = g.Where(p => p.At >= now.AddDays(-365) && p.At < now).Sum(p => p.Reporting)
                - refunds.Where(r => r.Refund.Customer == g.Key && r.Refund.At >= now.AddDays(-365) && r.Refund.At < now).Sum(r => r.Reporting);
            return spend >= 5000 ? "Platinum" : spend >= 2000 ? "Gold" : spend >= 500 ? "Silver" : "Member";
        }).GroupBy(tier => tier).ToDictionary(g => g.Key, g => g.LongCount());
    }

    public IEnumerable<string> AllScopes() =>
        Purchases.SelectMany(p => ScopesOf(p.Storefront, p.Market))
            .Concat(Visits.SelectMany(v => ScopesOf(v.Storefront, v.Market)))
            .Distinct();
}
