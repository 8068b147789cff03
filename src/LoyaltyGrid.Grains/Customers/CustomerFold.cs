using System.Text.Json;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// A customer folded from its events: what the grain keeps in memory and stores as a snapshot
/// every few events. The journal is the record; this is a cache of it that replay rebuilds.
/// </summary>
public sealed class CustomerFold
{
    /// <summary>Null until the grid first hears of the customer.</summary>
    public CustomerState? Account { get; set; }

    /// <summary>Accepted purchases by qualified order id: what the distinct-customer KPIs are computed from.</summary>
    public Dictionary<string, KpiPurchase> Purchases { get; set; } = new();

    /// <summary>Where orders, reviews and complaints happened (qualified id → place), so later events about them count there.</summary>
    public Dictionary<string, KpiPlace> Places { get; set; } = new();

    /// <summary>The customer's part of the "as of now" KPIs, as last emitted.</summary>
    public CustomerKpiGauge? Gauge { get; set; }

    /// <summary>
    /// The latest events' ids, fingerprints and receipts, newest last: a retry arrives soon after
    /// its original, and is answered from here without a read. Older ids are found in the
    /// journal's unique index.
    /// </summary>
    public List<RecentEvent> Recent { get; set; } = [];

    public static JsonSerializerOptions Json => Journaling.JournaledEvent.Json;
}

/// <summary>A storefront and (when known) a market: where an event counts.</summary>
public sealed record KpiPlace(string Storefront, string? Market);

/// <summary>
/// An applied event as a retry needs it. The receipt is kept as its JSON text: a parsed element
/// would hold a document of its own in every activation.
/// </summary>
public sealed record RecentEvent(string EventId, string Fingerprint, string Receipt);
