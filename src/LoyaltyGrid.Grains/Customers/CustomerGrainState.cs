using System.Text.Json;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Kpis;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// What a customer grain persists, as one jsonb document: the domain account, the idempotency
/// record of every event it applied, and the messages it still owes other grains. All three are
/// written together, so no crash can separate an effect from its record.
/// </summary>
public sealed class CustomerGrainState
{
    /// <summary>Null until the grid first hears of the customer.</summary>
    public CustomerState? Account { get; set; }

    /// <summary>By event key (<c>kind:namespace/id</c>).</summary>
    public Dictionary<string, ProcessedEvent> Processed { get; set; } = new();

    /// <summary>Referral awards owed to referrers, delivered after the write that made them due.</summary>
    public List<PendingReferralAward> PendingAwards { get; set; } = [];

    /// <summary>Session conversions owed to session grains, delivered like referral awards.</summary>
    public List<PendingConversion> PendingConversions { get; set; } = [];

    /// <summary>Accepted purchases by qualified order id: what the distinct-customer KPIs are computed from.</summary>
    public Dictionary<string, KpiPurchase> Purchases { get; set; } = new();

    /// <summary>Where orders and complaints happened (qualified id → place), so later events about them count there.</summary>
    public Dictionary<string, KpiPlace> Places { get; set; } = new();

    /// <summary>The customer's part of the "as of now" KPIs, as last emitted.</summary>
    public CustomerKpiGauge? Gauge { get; set; }

    public KpiOutbox Kpis { get; set; } = new();

    /// <summary>
    /// Stored with the state (and indexed) so that outboxes left behind by a dead activation can be
    /// found without reading every customer.
    /// </summary>
    public bool OwesMessages => Kpis.Pending.Count > 0 || PendingAwards.Count > 0 || PendingConversions.Count > 0;
}

/// <summary>A storefront and (when known) a market: where an event counts.</summary>
public sealed record KpiPlace(string Storefront, string? Market);

public sealed class PendingConversion
{
    public string Storefront { get; set; } = "";

    public string SessionId { get; set; } = "";

    public string Market { get; set; } = "";

    public DateTimeOffset PurchasedAt { get; set; }
}

/// <summary>An applied event: a fingerprint of its content and the receipt it got.</summary>
public sealed class ProcessedEvent
{
    public string Fingerprint { get; set; } = "";

    public JsonElement Receipt { get; set; }
}

public sealed class PendingReferralAward
{
    public string ReferrerId { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }
}
