using System.Text.Json;
using LoyaltyGrid.Domain.Customers;

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

    /// <summary>When the upkeep reminder is next due, as last scheduled.</summary>
    public DateTimeOffset? UpkeepDueAt { get; set; }
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
