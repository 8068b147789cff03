using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// <summary>
    /// Every accepted purchase by qualified order id, as snapshots written before
    /// <see cref="Calendar"/> existed hold them; turned into the calendar on load, never written.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, KpiPurchase>? Purchases { get; set; }

    /// <summary>What the distinct-customer KPIs, the home and the repurchase model need of the purchases.</summary>
    public CustomerPurchaseCalendar? Calendar { get; set; }

    /// <summary>
    /// Where the orders, reviews and complaints in memory happened, and those that earned open
    /// lots (qualified id → place), so later events about them count there. An order paged back
    /// in brings its place from its purchase event.
    /// </summary>
    public Dictionary<string, KpiPlace> Places { get; set; } = new();

    /// <summary>The customer's part of the "as of now" KPIs, as last emitted.</summary>
    public CustomerKpiGauge? Gauge { get; set; }

    /// <summary>
    /// The latest events' ids, newest last. A new event's id is checked here without a read; a
    /// retry of one of these, or of an older event the domain or the journal's unique index then
    /// refuses, is answered from its journal row. Receipts are not kept: retries are rare, and a
    /// receipt per event in every activation would cost more memory than the rest of the customer.
    /// </summary>
    public List<string> Recent { get; set; } = [];

    /// <summary>Claims whose points are held and whose reward has not been heard from, by qualified claim id.</summary>
    public Dictionary<string, ClaimStart> PendingClaims { get; set; } = new();

    public static JsonSerializerOptions Json => Journaling.JournaledEvent.Json;
}

/// <summary>A storefront and (when known) a market: where an event counts.</summary>
public sealed record KpiPlace(string Storefront, string? Market);
