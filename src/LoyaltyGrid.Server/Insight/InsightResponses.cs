namespace LoyaltyGrid.Server.Insight;

// Bodies of api.md "Insight". Money is rounded to cents and ratios to six decimals, as the KPI
// snapshot's (KpiNumbers); the statistics are doubles at full precision.

public sealed record ChannelsResponse(IReadOnlyList<ChannelFigures> Channels);

public sealed record ChannelFigures(
    string Channel, long Visits, long ConvertedSessions, decimal ConversionRate, long Orders, decimal GrossRevenue, decimal Aov, decimal RevenuePerVisit);

/// <summary><c>?by=campaign</c>: the same figures per campaign; <c>campaign</c> is null for sessions (and orders) no campaign reached.</summary>
public sealed record CampaignsResponse(IReadOnlyList<CampaignFigures> Campaigns);

public sealed record CampaignFigures(
    string? Campaign, long Visits, long ConvertedSessions, decimal ConversionRate, long Orders, decimal GrossRevenue, decimal Aov, decimal RevenuePerVisit);

/// <summary><c>control</c> is null only when no session of the scope was assigned (then <c>variants</c> is empty).</summary>
public sealed record ExperimentResponse(string ExperimentId, string? Control, IReadOnlyList<VariantFigures> Variants, double? SampleRatioPValue);

/// <summary>The control's lift, interval and p-value are null; so are a variant's when it or the control has no visits.</summary>
public sealed record VariantFigures(
    string Variant,
    long Visits,
    long ConvertedSessions,
    decimal ConversionRate,
    long Orders,
    decimal GrossRevenue,
    decimal RevenuePerVisit,
    double? Lift,
    double? LiftLow,
    double? LiftHigh,
    double? PValue,
    bool Significant);
