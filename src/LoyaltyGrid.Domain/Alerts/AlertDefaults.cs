namespace LoyaltyGrid.Domain.Alerts;

/// <summary>
/// The rules shipped on (kpis.md "Alerts"), unless <c>Alerts:Defaults</c> is <c>false</c>. All
/// watch the grid. Their volumes and holds are this build's choice (docs/alerts.md): enough
/// events that one complaint among a handful of orders is not an incident, and a minute's hold
/// so that one noisy evaluation does not page anybody.
/// </summary>
public static class AlertDefaults
{
    public static IReadOnlyList<AlertRule> Rules { get; } =
    [
        new("complaint-rate-anomaly", AlertMetric.ComplaintRate, null, null, AlertWindow.Last5m, AlertCondition.Anomaly, 0, AlertRule.DefaultSigmas, AlertDirection.Up, 20, TimeSpan.FromMinutes(1)),
        new("conversion-rate-anomaly", AlertMetric.ConversionRate, null, null, AlertWindow.Last5m, AlertCondition.Anomaly, 0, AlertRule.DefaultSigmas, AlertDirection.Down, 50, TimeSpan.FromMinutes(1)),
        new("refund-rate-high", AlertMetric.RefundRate, null, null, AlertWindow.Last60m, AlertCondition.Above, 0.2m, AlertRule.DefaultSigmas, AlertDirection.Both, 20, TimeSpan.FromMinutes(1)),
        // "Any SLA breach": above 0 with nothing to hold, the breach count being its own volume.
        new("sla-breach", AlertMetric.SlaBreaches, null, null, AlertWindow.Last60m, AlertCondition.Above, 0, AlertRule.DefaultSigmas, AlertDirection.Both, 0, TimeSpan.Zero),
        new("negative-feedback-high", AlertMetric.NegativeShare, null, null, AlertWindow.Last60m, AlertCondition.Above, 0.5m, AlertRule.DefaultSigmas, AlertDirection.Both, 10, TimeSpan.FromMinutes(1)),
    ];
}
