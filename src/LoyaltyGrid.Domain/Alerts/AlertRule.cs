using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// One alert rule of kpis.md "Alerts": it watches <see cref="Metric"/> in the <see cref="Window"/>
/// of one scope (<see cref="Storefront"/> and <see cref="Market"/>, either absent) and fires when
/// <see cref="Condition"/> has held for <see cref="For"/> on a window of at least
/// <see cref="MinVolume"/> events.
/// </summary>
/// <param name="Threshold">The fixed bound of <c>above</c>/<c>below</c>; unused by <c>anomaly</c>.</param>
/// <param name="Sigmas">How many standard deviations from the baseline an anomaly must be.</param>
public sealed record AlertRule(
    string Name,
    AlertMetric Metric,
    string? Storefront,
    string? Market,
    AlertWindow Window,
    AlertCondition Condition,
    decimal Threshold,
    decimal Sigmas,
    AlertDirection Direction,
    long MinVolume,
    TimeSpan For)
{
    public const decimal DefaultSigmas = 3;

    public KpiScope Scope => KpiScope.Of(Storefront, Market);
}
