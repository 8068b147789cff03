using MathNet.Numerics.Distributions;

namespace LoyaltyGrid.Domain.Insight;

/// <summary>One variant's sessions: how many visited, how many of those converted.</summary>
public sealed record VariantCounts(string Variant, long Visits, long ConvertedSessions);

/// <summary>
/// A variant compared with the control: <see cref="Lift"/> is the difference of conversion
/// rates, <see cref="LiftLow"/>..<see cref="LiftHigh"/> its 95 % interval, <see cref="PValue"/> the
/// two-sided pooled z-test. All null for the control itself and when either side has no visits.
/// </summary>
public sealed record VariantComparison(string Variant, double? Lift, double? LiftLow, double? LiftHigh, double? PValue, bool Significant);

/// <summary>The comparisons of every variant, and the sample-ratio check over all of them.</summary>
public sealed record ExperimentResult(string Control, IReadOnlyList<VariantComparison> Variants, double? SampleRatioPValue);

/// <summary>
/// The statistics of api.md "Insight" for an A/B(/n) experiment, on conversion per visiting
/// session. Distributions are MathNet's, not hand-rolled special functions.
/// </summary>
/// <remarks>
/// Edge cases, chosen so every number is finite:
/// <list type="bullet">
/// <item>a variant or the control with no visits: its lift, interval and p-value are null, not significant;</item>
/// <item>pooled rate 0 or 1 (nobody or everybody converted on both sides): the z-test has no variance;
/// the rates are equal, so lift is 0, the interval [0, 0] and the p-value 1;</item>
/// <item>unpooled standard error 0 with a pooled one above 0 (0 % against 100 %): the interval is the point [lift, lift];</item>
/// <item>fewer than two variants, or no visits at all: the sample-ratio p-value is null.</item>
/// </list>
/// </remarks>
public static class ExperimentStatistics
{
    public const string ControlName = "control";

    public const double Alpha = 0.05;

    /// <summary>The two-sided 95 % normal quantile, 1.959963984540054.</summary>
    public static double Z95 { get; } = Normal.InvCDF(0, 1, 1 - Alpha / 2);

    /// <summary>The variant named <c>control</c>, else the first in ordinal order; null without variants.</summary>
    public static string? ControlOf(IEnumerable<string> variants)
    {
        var names = variants.Order(StringComparer.Ordinal).ToList();
        return names.Contains(ControlName, StringComparer.Ordinal) ? ControlName : names.FirstOrDefault();
    }

    public static ExperimentResult Evaluate(IReadOnlyList<VariantCounts> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var ordered = variants.OrderBy(variant => variant.Variant, StringComparer.Ordinal).ToList();
        var controlName = ControlOf(ordered.Select(variant => variant.Variant)) ?? throw new ArgumentException("An experiment needs at least one variant.", nameof(variants));
        var control = ordered.Single(variant => variant.Variant == controlName);
        var comparisons = ordered
            .Select(variant => variant.Variant == controlName ? new VariantComparison(variant.Variant, null, null, null, null, false) : Compare(control, variant))
            .ToList();
        return new ExperimentResult(controlName, comparisons, SampleRatioPValue([.. ordered.Select(variant => variant.Visits)]));
    }

    /// <summary>Lift of <paramref name="treatment"/> over <paramref name="control"/>, its unpooled 95 % interval and the pooled two-sided p-value.</summary>
    public static VariantComparison Compare(VariantCounts control, VariantCounts treatment)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        if (control.Visits <= 0 || treatment.Visits <= 0)
        {
            return new VariantComparison(treatment.Variant, null, null, null, null, false);
        }

        double nc = control.Visits, nt = treatment.Visits;
        var pc = control.ConvertedSessions / nc;
        var pt = treatment.ConvertedSessions / nt;
        var lift = pt - pc;
        var unpooled = Math.Sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt);
        var pooledRate = (control.ConvertedSessions + treatment.ConvertedSessions) / (nc + nt);
        var pooled = Math.Sqrt(pooledRate * (1 - pooledRate) * (1 / nc + 1 / nt));
        // Normal.CDF of −|z| keeps small p-values precise where 1 − CDF(|z|) would round to 0.
        var pValue = pooled > 0 ? Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(lift / pooled))) : 1;
        return new VariantComparison(treatment.Variant, lift, lift - Z95 * unpooled, lift + Z95 * unpooled, pValue, pValue < Alpha);
    }

    /// <summary>Chi-square goodness of fit of the visit counts against an equal split, k − 1 degrees of freedom.</summary>
    public static double? SampleRatioPValue(IReadOnlyList<long> visits)
    {
        ArgumentNullException.ThrowIfNull(visits);
        var total = visits.Sum();
        if (visits.Count < 2 || total <= 0)
        {
            return null;
        }

        var expected = (double)total / visits.Count;
        var statistic = visits.Sum(observed => (observed - expected) * (observed - expected) / expected);
        return statistic <= 0 ? 1 : 1 - ChiSquared.CDF(visits.Count - 1, statistic);
    }
}
