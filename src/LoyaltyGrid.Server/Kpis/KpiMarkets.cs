using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Kpis;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>One market's orders and gross revenue (reporting currency, rounded to cents) over the last 60 minutes by acceptance time.</summary>
public sealed record KpiMarketFigures(string Market, long Orders, decimal GrossRevenue);

/// <summary>What the wall's world map shows: every market with orders in the last 60 minutes, most revenue first.</summary>
public sealed record KpiMarketsSnapshot(DateTimeOffset AsOf, IReadOnlyList<KpiMarketFigures> Markets)
{
    private const string MarketPrefix = "market:";

    /// <summary>
    /// From scope keys and their last-60-minute windows: only market scopes (storefront × market
    /// scopes would count a market's orders once per storefront again), only those with orders.
    /// </summary>
    public static KpiMarketsSnapshot From(DateTimeOffset asOf, IEnumerable<(string Scope, KpiLiveWindow Last60m)> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var markets = windows
            .Where(w => w.Scope.StartsWith(MarketPrefix, StringComparison.Ordinal) && w.Last60m.Orders > 0)
            .Select(w => new KpiMarketFigures(w.Scope[MarketPrefix.Length..], w.Last60m.Orders, KpiNumbers.Round(w.Last60m.GrossRevenue, KpiNumbers.MoneyDigits)))
            .OrderByDescending(m => m.GrossRevenue)
            .ThenByDescending(m => m.Orders)
            .ThenBy(m => m.Market, StringComparer.Ordinal)
            .ToList();
        return new(asOf, markets);
    }

    public static bool IsMarketScope(string scope) => scope.StartsWith(MarketPrefix, StringComparison.Ordinal);
}

/// <summary>
/// Reads the markets' live figures from their scope grains. The list of markets is the scopes
/// the KPI projection has stored, so a market appears once it has any event; the live windows
/// slide with the clock, so this is read again on every refresh rather than on version changes.
/// </summary>
public sealed class KpiMarkets(IKpiScopeStore store, IGrainFactory grains, TimeProvider clock)
{
    public async Task<KpiMarketsSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var scopes = (await store.ScopesAsync(cancellationToken)).Where(KpiMarketsSnapshot.IsMarketScope).ToList();
        var windows = new (string Scope, KpiLiveWindow Last60m)[scopes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, scopes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (index, _) => windows[index] = (scopes[index], (await grains.GetGrain<IKpiScopeGrain>(scopes[index]).Snapshot()).Live.Last60m));
        return KpiMarketsSnapshot.From(clock.GetUtcNow(), windows);
    }
}
