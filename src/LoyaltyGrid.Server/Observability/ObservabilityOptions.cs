namespace LoyaltyGrid.Server.Observability;

/// <summary>The <c>Observability</c> configuration section: metrics, business gauges and the dashboard.</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>
    /// How many distinct values a free-valued label (<c>storefront</c>, <c>market</c>) may take;
    /// further values are reported as <c>other</c>. Every series costs Prometheus memory for as
    /// long as it is kept, so this caps what a growing grid can cost.
    /// </summary>
    public int MaxLabelValues { get; set; } = 50;

    /// <summary>How often the business KPI gauges are read from the KPI scope grains (never per scrape).</summary>
    public TimeSpan KpiGaugeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When set, <c>/metrics</c> answers only on this port, which must be one the server listens
    /// on (add it to <c>--urls</c>); otherwise on every HTTP port.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>How often the request summary line is logged (only for periods with requests).</summary>
    public TimeSpan RequestSummaryInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxLabelValues < 1)
        {
            problems.Add($"{SectionName}:MaxLabelValues must be at least 1 (it was {MaxLabelValues}).");
        }

        if (KpiGaugeInterval < TimeSpan.FromMilliseconds(100) || KpiGaugeInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{SectionName}:KpiGaugeInterval must be from 00:00:00.100 to 00:10:00 (it was {KpiGaugeInterval}).");
        }

        if (MetricsPort is < 1 or > 65535)
        {
            problems.Add($"{SectionName}:MetricsPort must be a TCP port from 1 to 65535 (it was {MetricsPort}).");
        }

        if (RequestSummaryInterval < TimeSpan.FromSeconds(1) || RequestSummaryInterval > TimeSpan.FromHours(24))
        {
            problems.Add($"{SectionName}:RequestSummaryInterval must be from 00:00:01 to 1.00:00:00 (it was {RequestSummaryInterval}).");
        }

        return problems;
    }
}
