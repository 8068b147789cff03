namespace LoyaltyGrid.Domain.Alerts;

/// <summary>The metrics a rule may watch (kpis.md "Alerts"), each read from one live window.</summary>
public enum AlertMetric
{
    ComplaintRate,
    ConversionRate,
    RefundRate,
    Aov,
    Orders,
    SlaBreaches,
    NegativeShare,
    Nps,
}

/// <summary>Which live window a rule reads: the last 5 or the last 60 minutes by acceptance time.</summary>
public enum AlertWindow
{
    Last5m,
    Last60m,
}

/// <summary><c>above</c> or <c>below</c> a fixed threshold, or <c>anomaly</c>: away from the metric's EWMA baseline.</summary>
public enum AlertCondition
{
    Above,
    Below,
    Anomaly,
}

/// <summary>Which departures from the baseline an anomaly rule counts.</summary>
public enum AlertDirection
{
    Up,
    Down,
    Both,
}

/// <summary>The configuration and API spellings of the alert enums.</summary>
public static class AlertNames
{
    public static string ToApiName(this AlertMetric metric) => metric switch
    {
        AlertMetric.ComplaintRate => "complaintRate",
        AlertMetric.ConversionRate => "conversionRate",
        AlertMetric.RefundRate => "refundRate",
        AlertMetric.Aov => "aov",
        AlertMetric.Orders => "orders",
        AlertMetric.SlaBreaches => "slaBreaches",
        AlertMetric.NegativeShare => "negativeShare",
        AlertMetric.Nps => "nps",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    public static string ToApiName(this AlertWindow window) => window == AlertWindow.Last5m ? "5m" : "60m";

    public static int Minutes(this AlertWindow window) => window == AlertWindow.Last5m ? 5 : 60;

    public static string ToApiName(this AlertCondition condition) => condition.ToString().ToLowerInvariant();

    public static string ToApiName(this AlertDirection direction) => direction.ToString().ToLowerInvariant();

    public static bool TryParseMetric(string? name, out AlertMetric metric) => TryParse(name, out metric, ToApiName);

    public static bool TryParseWindow(string? name, out AlertWindow window) => TryParse(name, out window, ToApiName);

    public static bool TryParseCondition(string? name, out AlertCondition condition) => TryParse(name, out condition, ToApiName);

    public static bool TryParseDirection(string? name, out AlertDirection direction) => TryParse(name, out direction, ToApiName);

    // Exact spelling only: configuration that says "ComplaintRate" may mean something else to the reader than to us.
    private static bool TryParse<T>(string? name, out T value, Func<T, string> spell)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(spell(candidate), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
