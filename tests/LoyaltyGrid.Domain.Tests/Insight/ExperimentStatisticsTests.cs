using LoyaltyGrid.Domain.Insight;

namespace LoyaltyGrid.Domain.Tests.Insight;

/// <summary>
/// Expected values were computed apart from MathNet, with the formulas of api.md written out and
/// the normal tail as ½·erfc(z/√2) (Python's math.erfc); the arithmetic is in each case's comment.
/// </summary>
public class ExperimentStatisticsTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<long, long, long, long, double, double, double, double> Comparisons => new()
    {
        // pc = 100/1000 = 0.10, pt = 130/1000 = 0.13, lift = 0.03.
        // unpooled SE = √(0.1·0.9/1000 + 0.13·0.87/1000) = √0.0002031 = 0.0142513157;
        // interval = 0.03 ± 1.959963985·0.0142513157 = [0.0020679344, 0.0579320656].
        // pooled p = 230/2000 = 0.115, SE = √(0.115·0.885·(2/1000)) = 0.0142670950, z = 0.03/SE = 2.1027406;
        // p-value = erfc(2.1027406/√2) = 0.0354884505 (< 0.05: significant).
        { 1000, 100, 1000, 130, 0.03, 0.0020679344393763656, 0.057932065560623636, 0.03548845046647473 },
        // pc = 50/500 = pt = 52/520 = 0.10: lift 0, z 0, p-value 1; SE = √(0.09/500 + 0.09/520) = 0.0187903412.
        { 500, 50, 520, 52, 0, -0.03682839204387543, 0.03682839204387543, 1 },
        // pc = 0, pt = 10/200 = 0.05: unpooled SE = √(0.05·0.95/200) = 0.0154110350, interval 0.05 ± 0.0302050736;
        // pooled p = 10/400 = 0.025, SE = √(0.025·0.975·0.01) = 0.0156124950, z = 3.2025631, p = 0.0013621047.
        { 200, 0, 200, 10, 0.05, 0.019794926420966055, 0.08020507357903395, 0.001362104671584203 },
        // 0/10 against 10/10: unpooled SE 0, so the interval is the point [1, 1]; pooled p = 0.5,
        // SE = √(0.25·0.2) = 0.2236068, z = 4.4721360, p = erfc(4.4721360/√2) = 7.744216e-6.
        { 10, 0, 10, 10, 1, 1, 1, 7.744216431044096e-06 },
        // Nobody converted on either side: no variance, equal rates; lift 0, interval [0, 0], p-value 1.
        { 100, 0, 100, 0, 0, 0, 0, 1 },
        // Everybody converted on both sides: the same.
        { 40, 40, 60, 60, 0, 0, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void A_variant_is_compared_with_the_control_by_the_formulas_of_the_spec(
        long controlVisits, long controlConverted, long visits, long converted, double lift, double low, double high, double pValue)
    {
        var comparison = ExperimentStatistics.Compare(new VariantCounts("control", controlVisits, controlConverted), new VariantCounts("b", visits, converted));

        Assert.Equal(lift, comparison.Lift!.Value, Tolerance);
        Assert.Equal(low, comparison.LiftLow!.Value, Tolerance);
        Assert.Equal(high, comparison.LiftHigh!.Value, Tolerance);
        Assert.Equal(pValue, comparison.PValue!.Value, Tolerance);
        Assert.Equal(pValue < 0.05, comparison.Significant);
    }

    [Fact]
    public void The_95_percent_quantile_is_the_normal_one() =>
        Assert.Equal(1.959963984540054, ExperimentStatistics.Z95, 1e-12);

    [Theory]
    [InlineData(0, 0, 100, 10)]
    [InlineData(100, 10, 0, 0)]
    [InlineData(0, 0, 0, 0)]
    public void Without_visits_on_either_side_there_is_nothing_to_compare(long controlVisits, long controlConverted, long visits, long converted)
    {
        var comparison = ExperimentStatistics.Compare(new VariantCounts("control", controlVisits, controlConverted), new VariantCounts("b", visits, converted));

        Assert.Equal(new VariantComparison("b", null, null, null, null, false), comparison);
    }

    public static TheoryData<long[], double?> SampleRatios => new()
    {
        // 2,100 visits over 2 variants: expected 1,050 each; χ² = (50² + 50²)/1050 = 4.7619048, 1 df:
        // p = erfc(√(χ²/2)) = 0.0290963317 — a broken 50/50 split.
        { [1000, 1100], 0.02909633174125221 },
        // 330 over 3: expected 110; χ² = (100 + 100 + 400)/110 = 5.4545455, 2 df: p = e^(−χ²/2) = 0.0653974032.
        { [100, 100, 130], 0.06539740322986021 },
        // 1,020 over 2: expected 510; χ² = (100 + 100)/510 = 0.3921569, p = erfc(√0.1960784) = 0.5311678365.
        { [500, 520], 0.5311678365460141 },
        // A perfect split: χ² = 0, p = 1.
        { [300, 300, 300], 1 },
        // One variant, or no visits: no test.
        { [500], null },
        { [0, 0], null },
    };

    [Theory]
    [MemberData(nameof(SampleRatios))]
    public void The_sample_ratio_check_is_a_chi_square_goodness_of_fit_against_an_equal_split(long[] visits, double? pValue)
    {
        var actual = ExperimentStatistics.SampleRatioPValue(visits);

        Assert.Equal(pValue.HasValue, actual.HasValue);
        if (pValue is { } expected)
        {
            Assert.Equal(expected, actual!.Value, Tolerance);
        }
    }

    [Theory]
    [InlineData("a,control,b", "control")]
    [InlineData("b,a,c", "a")]
    [InlineData("treatment", "treatment")]
    [InlineData("B,a", "B")]
    public void The_control_is_the_variant_named_control_else_the_first_in_ordinal_order(string variants, string control) =>
        Assert.Equal(control, ExperimentStatistics.ControlOf(variants.Split(',')));

    [Fact]
    public void An_experiment_compares_every_variant_with_its_control_and_checks_the_split()
    {
        var result = ExperimentStatistics.Evaluate([new VariantCounts("b", 1000, 130), new VariantCounts("a", 1100, 110)]);

        Assert.Equal("a", result.Control);
        Assert.Equal(["a", "b"], result.Variants.Select(variant => variant.Variant));
        Assert.Equal(new VariantComparison("a", null, null, null, null, false), result.Variants[0]);
        // 0.13 − 0.10 = 0.03 against the control a (110/1100 = 0.10).
        Assert.Equal(0.03, result.Variants[1].Lift!.Value, Tolerance);
        Assert.Equal(0.02909633174125221, result.SampleRatioPValue!.Value, Tolerance);
    }

    [Fact]
    public void An_experiment_of_one_variant_has_only_its_control_and_no_split_to_check()
    {
        var result = ExperimentStatistics.Evaluate([new VariantCounts("only", 10, 3)]);

        Assert.Equal("only", result.Control);
        Assert.Single(result.Variants);
        Assert.Null(result.SampleRatioPValue);
    }
}
