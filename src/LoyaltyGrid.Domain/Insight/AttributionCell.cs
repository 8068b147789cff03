namespace LoyaltyGrid.Domain.Insight;

/// <summary>
/// One row of the attribution totals: a channel, a campaign or an experiment's variant, in one
/// KPI scope (<see cref="Kpis.KpiScope.Key"/>) and one bucket (<c>all</c> or <c>yyyy-MM</c>).
/// <see cref="Key"/> is the channel, the campaign (empty for sessions without one) or the
/// experiment id; <see cref="Variant"/> is empty except for experiments.
/// </summary>
public sealed record AttributionCell(string Dimension, string Key, string Variant, string Scope, string Bucket);

/// <summary>The figures attribution adds up per cell; everything else (rates, aov) is derived from these.</summary>
public readonly record struct AttributionFigures(long Visits, long ConvertedSessions, long Orders, decimal GrossRevenue)
{
    public bool IsZero => Visits == 0 && ConvertedSessions == 0 && Orders == 0 && GrossRevenue == 0;

    public static AttributionFigures operator +(AttributionFigures left, AttributionFigures right) =>
        new(left.Visits + right.Visits, left.ConvertedSessions + right.ConvertedSessions, left.Orders + right.Orders, left.GrossRevenue + right.GrossRevenue);

    public static AttributionFigures operator -(AttributionFigures left, AttributionFigures right) =>
        new(left.Visits - right.Visits, left.ConvertedSessions - right.ConvertedSessions, left.Orders - right.Orders, left.GrossRevenue - right.GrossRevenue);
}

/// <summary>What one event changes in one cell: the difference of its session's contribution before and after.</summary>
public sealed record AttributionDelta(AttributionCell Cell, AttributionFigures Change);

/// <summary>The three ways sessions are grouped.</summary>
public static class AttributionDimensions
{
    public const string Channel = "channel";
    public const string Campaign = "campaign";
    public const string Experiment = "experiment";

    /// <summary>The channel of a session no visit gave one, and of an order without a session.</summary>
    public const string Direct = "direct";

    /// <summary>The campaign key of a session no visit gave one (ids are never empty, so it cannot collide).</summary>
    public const string NoCampaign = "";
}
