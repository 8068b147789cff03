namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// What the distinct-customer KPIs need of an accepted purchase. A customer keeps these for
/// all its purchases, also after erasure: they hold no personal data, and the KPI totals the
/// customer contributed must stay consistent with later events.
/// </summary>
public sealed record KpiPurchase(string Storefront, string Market, DateTimeOffset OccurredAt);
