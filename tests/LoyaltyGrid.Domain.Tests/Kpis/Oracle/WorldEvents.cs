using LoyaltyGrid.Domain.Complaints;

namespace LoyaltyGrid.Domain.Tests.Kpis.Oracle;

/// <summary>An event as the API accepts it; <see cref="Parent"/> must have been accepted first.</summary>
internal abstract record WorldEvent(string Id)
{
    public virtual string? Parent => null;
}

internal sealed record Bought(string Id, string Customer, string Storefront, string Market, DateTimeOffset At, decimal Amount, string? SessionId)
    : WorldEvent(Id);

internal sealed record Refunded(string Id, string Customer, string OrderId, DateTimeOffset At, decimal Amount) : WorldEvent(Id)
{
    public override string? Parent => OrderId;
}

internal sealed record Visited(string Id, string Storefront, string SessionId, string Market, DateTimeOffset At) : WorldEvent(Id);

internal sealed record Complained(string Id, string Customer, string Storefront, string? Market, ComplaintCategory Category, DateTimeOffset At)
    : WorldEvent(Id);

internal sealed record Answered(string Id, string Customer, string ComplaintId, bool Resolves, DateTimeOffset At) : WorldEvent(Id)
{
    public override string? Parent => ComplaintId;
}

internal sealed record Reviewed(string Id, string Customer, string OrderId, string Storefront, string Market, int Rating, DateTimeOffset At)
    : WorldEvent(Id);

/// <summary>Happens at server time, so it has no time of its own; refused when the balance is short.</summary>
internal sealed record Redeemed(string Id, string Customer, string Storefront, string Market, long Points) : WorldEvent(Id);

/// <summary>A movement of the points ledger, with the place it was booked at and when it was accepted.</summary>
internal sealed record LedgerRow(string Customer, Domain.Points.PointMovement Movement, string Storefront, string? Market, DateTimeOffset AcceptedAt);

/// <summary>A breach counted (+1) or withdrawn (−1), when it was accepted: the live part's view of slaBreaches.</summary>
internal sealed record BreachRow(string Storefront, string? Market, int Change, DateTimeOffset AcceptedAt);
