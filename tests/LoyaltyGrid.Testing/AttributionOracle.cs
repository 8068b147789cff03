using System.Globalization;

namespace LoyaltyGrid.Testing;

/// <summary>
/// Channel, campaign and experiment figures (kpis.md "Attribution and experiments") computed
/// straight from the accepted visits and purchases, as a query over event tables would: a
/// session's channel is the one of its earliest visit carrying one, and so on. It shares no code
/// with the product. Ties between visits at one instant go to the ordinally smaller value
/// (docs/insight.md); purchases of one session are expected at distinct instants.
/// </summary>
public sealed class AttributionOracle
{
    public List<Visit> Visits { get; } = [];

    public List<Purchase> Purchases { get; } = [];

    /// <summary>Ids as posted; the oracle lower-cases them as the API reports them.</summary>
    public sealed record Visit(string Storefront, string Session, DateTimeOffset At, string Market, string? Channel, string? Campaign, string? Experiment, string? Variant);

    /// <summary><see cref="Amount"/> in the reporting currency.</summary>
    public sealed record Purchase(string Storefront, string Customer, string OrderId, DateTimeOffset At, string Market, decimal Amount, string? Session);

    public sealed record Figures(long Visits, long ConvertedSessions, long Orders, decimal GrossRevenue)
    {
        public static Figures Zero { get; } = new(0, 0, 0, 0);

        public Figures Plus(Figures other) => new(Visits + other.Visits, ConvertedSessions + other.ConvertedSessions, Orders + other.Orders, GrossRevenue + other.GrossRevenue);
    }

    public static IEnumerable<string> ScopesOf(string storefront, string market) =>
        ["grid", $"storefront:{storefront}", $"market:{market}", $"storefront-market:{storefront}|{market}"];

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Per channel (<paramref name="byCampaign"/>: per campaign, "" for none) in a scope and bucket ("all" or a month); rows that count nothing left out.</summary>
    public IReadOnlyDictionary<string, Figures> Groups(string scope, string bucket, bool byCampaign = false)
    {
        var rows = new Dictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var session in Sessions())
        {
            var key = byCampaign ? session.Campaign ?? "" : session.Channel ?? "direct";
            Add(rows, key, Of(session, scope, bucket));
        }

        foreach (var purchase in Purchases.Where(p => p.Session is null && ScopesOf(p.Storefront, p.Market).Contains(scope) && In(bucket, p.At)))
        {
            Add(rows, byCampaign ? "" : "direct", new Figures(0, 0, 1, purchase.Amount));
        }

        return rows.Where(row => row.Value != Figures.Zero).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>Per variant of <paramref name="experiment"/> in a scope, all-time.</summary>
    public IReadOnlyDictionary<string, Figures> Experiment(string experiment, string scope)
    {
        var rows = new Dictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var session in Sessions())
        {
            if (session.Variants.TryGetValue(experiment.ToLowerInvariant(), out var variant))
            {
                Add(rows, variant, Of(session, scope, "all"));
            }
        }

        return rows.Where(row => row.Value != Figures.Zero).ToDictionary(StringComparer.Ordinal);
    }

    private sealed record Session(
        string Storefront, Visit? FirstVisit, string? Channel, string? Campaign, Dictionary<string, string> Variants, List<Purchase> Purchases);

    private IEnumerable<Session> Sessions()
    {
        var keys = Visits.Select(v => (v.Storefront, v.Session))
            .Concat(Purchases.Where(p => p.Session is not null).Select(p => (p.Storefront, Session: p.Session!)))
            .Distinct();
        foreach (var (storefront, id) in keys)
        {
            var visits = Visits.Where(v => v.Storefront == storefront && v.Session == id).ToList();
            static string? Earliest(IEnumerable<(DateTimeOffset At, string? Value)> candidates) => candidates
                .Where(c => c.Value is not null)
                .Select(c => (c.At, Value: c.Value!.ToLowerInvariant()))
                .OrderBy(c => c.At).ThenBy(c => c.Value, StringComparer.Ordinal)
                .Select(c => c.Value).FirstOrDefault();
            var variants = visits.Where(v => v.Experiment is not null).GroupBy(v => v.Experiment!.ToLowerInvariant())
                .ToDictionary(g => g.Key, g => Earliest(g.Select(v => (v.At, v.Variant)))!);
            yield return new Session(
                storefront,
                visits.OrderBy(v => v.At).ThenBy(v => v.Market, StringComparer.Ordinal).FirstOrDefault(),
                Earliest(visits.Select(v => (v.At, v.Channel))),
                Earliest(visits.Select(v => (v.At, v.Campaign))),
                variants,
                [.. Purchases.Where(p => p.Storefront == storefront && p.Session == id)]);
        }
    }

    private static Figures Of(Session session, string scope, string bucket)
    {
        var figures = Figures.Zero;
        if (session.FirstVisit is { } visit && ScopesOf(session.Storefront, visit.Market).Contains(scope) && In(bucket, visit.At))
        {
            figures = figures.Plus(new Figures(1, 0, 0, 0));
        }

        if (session.Purchases.OrderBy(p => p.At).FirstOrDefault() is { } first && ScopesOf(session.Storefront, first.Market).Contains(scope) && In(bucket, first.At))
        {
            figures = figures.Plus(new Figures(0, 1, 0, 0));
        }

        foreach (var purchase in session.Purchases.Where(p => ScopesOf(session.Storefront, p.Market).Contains(scope) && In(bucket, p.At)))
        {
            figures = figures.Plus(new Figures(0, 0, 1, purchase.Amount));
        }

        return figures;
    }

    private static bool In(string bucket, DateTimeOffset at) => bucket == "all" || Month(at) == bucket;

    private static void Add(Dictionary<string, Figures> rows, string key, Figures figures) =>
        rows[key] = rows.GetValueOrDefault(key, Figures.Zero).Plus(figures);
}
