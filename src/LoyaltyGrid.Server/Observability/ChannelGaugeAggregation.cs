using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Projections.Insight;

namespace LoyaltyGrid.Server.Observability;

/// <summary>One channel's all-time figures over the whole grid, under its bounded label value.</summary>
public sealed record ChannelGaugeRow(string Channel, AttributionFigures Figures)
{
    public AttributionRates Rates => AttributionRates.Of(Figures);
}

/// <summary>From the attribution projection's channel rows to gauge rows, with folded channels added up.</summary>
public static class ChannelGaugeAggregation
{
    /// <summary>
    /// Channels are ids the storefronts choose, so they get the same bound as storefronts and
    /// markets: admitted in sorted order (not the order the rows came in), the rest added up under
    /// <see cref="LabelLimiter.Other"/>, whose rates are then the rates of the sums.
    /// </summary>
    public static IReadOnlyList<ChannelGaugeRow> Aggregate(IEnumerable<AttributionRow> rows, LabelLimiter channels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(channels);
        var sorted = rows.OrderBy(row => row.Key, StringComparer.Ordinal).ToList();
        return sorted
            .GroupBy(row => channels.Admit(row.Key), StringComparer.Ordinal)
            .Select(group => new ChannelGaugeRow(group.Key, group.Aggregate(default(AttributionFigures), (sum, row) => sum + row.Figures)))
            .OrderBy(row => row.Channel, StringComparer.Ordinal)
            .ToList();
    }
}
