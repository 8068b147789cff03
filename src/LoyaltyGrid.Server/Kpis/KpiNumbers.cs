using System.Text.Json.Serialization.Metadata;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>
/// How the KPI figures look on the wire (kpis.md, "Numbers"): money rounded to cents, every
/// other fraction (ratios, means, hours) to <see cref="FractionDigits"/> decimals, both half away
/// from zero and without trailing zeros. The grains keep full precision, so sums and ratios are
/// computed exactly and rounded once, here: a decimal remembers the scale it was computed with,
/// which put <c>10.80</c> and 28-digit quotients into the JSON.
/// </summary>
public static class KpiNumbers
{
    public const int MoneyDigits = 2;
    public const int FractionDigits = 6;

    // The snapshot's amounts in the reporting currency, by their JSON names; aov is one too.
    private static readonly HashSet<string> Money = new(StringComparer.Ordinal) { "grossRevenue", "refundedAmount", "netRevenue", "aov" };

    /// <summary>Rounds <paramref name="value"/> to <paramref name="digits"/> decimals and drops the trailing zeros.</summary>
    public static decimal Round(decimal value, int digits)
    {
        var rounded = decimal.Round(value, digits, MidpointRounding.AwayFromZero);
        // Dividing by one with the largest scale leaves the value and the smallest scale that holds it.
        return rounded / 1.0000000000000000000000000000m;
    }

    /// <summary>The rounding of every decimal property of the KPI records, for the API's and the hub's JSON.</summary>
    public static IJsonTypeInfoResolver WithKpiRounding(this IJsonTypeInfoResolver? resolver) =>
        (resolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RoundDecimals);

    private static void RoundDecimals(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Namespace != typeof(KpiSnapshot).Namespace)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.PropertyType != typeof(decimal) || property.Get is not { } get)
            {
                continue;
            }

            var digits = Money.Contains(property.Name) ? MoneyDigits : FractionDigits;
            // Through the getter, not a converter, so the OpenAPI schema still says "number".
            property.Get = owner => Round((decimal)get(owner)!, digits);
        }
    }
}
