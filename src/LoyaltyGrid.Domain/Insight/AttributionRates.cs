using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Insight;

/// <summary>
/// The ratios of one attribution row, by the definitions of kpis.md. A zero denominator gives 0,
/// as the KPI snapshot does (<see cref="KpiReading.Ratio"/>), so no NaN reaches JSON.
/// </summary>
public readonly record struct AttributionRates(decimal ConversionRate, decimal Aov, decimal RevenuePerVisit)
{
    public static AttributionRates Of(AttributionFigures figures) => new(
        KpiReading.Ratio(figures.ConvertedSessions, figures.Visits),
        KpiReading.Ratio(figures.GrossRevenue, figures.Orders),
        KpiReading.Ratio(figures.GrossRevenue, figures.Visits));
}
