using LoyaltyGrid.Domain.Prediction;
using MathNet.Numerics;
using static LoyaltyGrid.Domain.Tests.Prediction.HypergeometricTests;

namespace LoyaltyGrid.Domain.Tests.Prediction;

public sealed class BgNbdModelTests
{
    // The published CDNOW estimates (Fader, Hardie & Lee 2005), a realistic point with a < 1.
    private static readonly BgNbdParameters Cdnow = BgNbdParameters.Create(0.243, 4.414, 0.793, 2.426);
    private static readonly BgNbdParameters Steady = BgNbdParameters.Create(1.7, 9.0, 2.3, 5.1);

    public static TheoryData<int, double, double> Summaries => new()
    {
        { 0, 0, 0 }, { 0, 0, 30 }, { 1, 2, 30 }, { 2, 30.43, 38.86 }, { 7, 35, 39 }, { 4, 1, 70 }, { 60, 150, 156 },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void Log_likelihood_matches_the_papers_formula_in_plain_arithmetic(int x, double tx, double age)
    {
        foreach (var p in new[] { Cdnow, Steady })
        {
            var plain = SpecialFunctions.Beta(p.A, p.B + x) / SpecialFunctions.Beta(p.A, p.B)
                * SpecialFunctions.Gamma(p.R + x) * Math.Pow(p.Alpha, p.R) / (SpecialFunctions.Gamma(p.R) * Math.Pow(p.Alpha + age, p.R + x));
            if (x > 0)
            {
                plain += SpecialFunctions.Beta(p.A + 1, p.B + x - 1) / SpecialFunctions.Beta(p.A, p.B)
                    * SpecialFunctions.Gamma(p.R + x) * Math.Pow(p.Alpha, p.R) / (SpecialFunctions.Gamma(p.R) * Math.Pow(p.Alpha + tx, p.R + x));
            }

            AssertClose(Math.Log(plain), BgNbdModel.LogLikelihood(p, RepeatSummary.Create(x, tx, age)), 1e-10);
        }
    }

    [Fact]
    public void Log_likelihood_stays_finite_where_plain_arithmetic_overflows()
    {
        var heavy = RepeatSummary.Create(5_000, 5_190, 5_200);

        var logLikelihood = BgNbdModel.LogLikelihood(Cdnow, heavy);

        Assert.True(double.IsFinite(logLikelihood) && logLikelihood < 0, $"ln L = {logLikelihood}");
        Assert.True(double.IsInfinity(Math.Pow(Cdnow.Alpha + heavy.Age, Cdnow.R + heavy.Frequency)));
    }

    [Fact]
    public void Without_repeat_purchases_a_customer_is_surely_alive()
    {
        Assert.Equal(1, BgNbdModel.ProbabilityAlive(Cdnow, RepeatSummary.Create(0, 0, 80)));
    }

    [Fact]
    public void A_purchase_right_now_leaves_only_the_drop_out_at_it()
    {
        var justBought = RepeatSummary.Create(3, 20, 20);
        AssertClose(1 / (1 + Cdnow.A / (Cdnow.B + 2)), BgNbdModel.ProbabilityAlive(Cdnow, justBought), 1e-14);
    }

    [Fact]
    public void Silence_makes_a_customer_less_likely_alive_and_more_so_for_frequent_buyers()
    {
        double? previousFrequent = null, previousRare = null;
        foreach (var age in new[] { 20.0, 40, 80, 160 })
        {
            var frequent = BgNbdModel.ProbabilityAlive(Cdnow, RepeatSummary.Create(8, 10, age));
            var rare = BgNbdModel.ProbabilityAlive(Cdnow, RepeatSummary.Create(1, 10, age));
            Assert.True(frequent <= rare, $"T={age}: frequent {frequent} above rare {rare}");
            Assert.True(previousFrequent is null || frequent < previousFrequent);
            Assert.True(previousRare is null || rare < previousRare);
            (previousFrequent, previousRare) = (frequent, rare);
        }
    }

    [Fact]
    public void Probability_alive_saturates_without_breaking_for_huge_histories()
    {
        var lost = BgNbdModel.ProbabilityAlive(Cdnow, RepeatSummary.Create(5_000, 100, 5_200));
        var loyal = BgNbdModel.ProbabilityAlive(Cdnow, RepeatSummary.Create(5_000, 5_199.9, 5_200));
        Assert.Equal(0, lost, 12);
        Assert.InRange(loyal, 0.99, 1);
    }

    [Theory]
    [MemberData(nameof(Summaries))]
    public void Expected_purchases_agree_with_an_independent_integral_over_the_drop_out_probability(int x, double tx, double age)
    {
        foreach (var p in new[] { Cdnow, Steady })
        {
            foreach (var weeks in new[] { 1.0, 13, 52, 520 })
            {
                var summary = RepeatSummary.Create(x, tx, age);
                AssertClose(ByIntegration(p, summary, weeks), BgNbdModel.ExpectedPurchases(p, summary, weeks), 1e-7);
            }
        }
    }

    [Fact]
    public void Expected_purchases_start_at_zero_with_the_posterior_rate_and_grow()
    {
        var summary = RepeatSummary.Create(4, 25, 39);
        Assert.Equal(0, BgNbdModel.ExpectedPurchases(Cdnow, summary, 0));

        const double tiny = 1e-6;
        var rate = BgNbdModel.ProbabilityAlive(Cdnow, summary) * (Cdnow.R + 4) / (Cdnow.Alpha + 39);
        AssertClose(rate, BgNbdModel.ExpectedPurchases(Cdnow, summary, tiny) / tiny, 1e-5);

        var previous = 0.0;
        foreach (var weeks in new[] { 0.5, 1, 4, 13, 26, 52, 104, 520, 5_200 })
        {
            var expected = BgNbdModel.ExpectedPurchases(Cdnow, summary, weeks);
            Assert.True(expected > previous, $"E[Y({weeks})] = {expected} not above {previous}");
            Assert.True(expected < rate * weeks, $"E[Y({weeks})] = {expected} beyond the no-drop-out bound");
            previous = expected;
        }
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(39)]
    [InlineData(400)]
    public void A_customer_just_acquired_expects_what_the_unconditional_formula_says(double weeks)
    {
        foreach (var p in new[] { Cdnow, Steady })
        {
            var conditional = BgNbdModel.ExpectedPurchases(p, RepeatSummary.Create(0, 0, 0), weeks);
            AssertClose(BgNbdModel.ExpectedPurchasesOfNewCustomer(p, weeks), conditional, 1e-9);
        }
    }

    [Fact]
    public void Expected_purchases_of_a_heavy_buyer_are_finite_and_near_their_rate()
    {
        var heavy = RepeatSummary.Create(5_000, 5_199.9, 5_200);
        var expected = BgNbdModel.ExpectedPurchases(Cdnow, heavy, 13);

        // ≈ 0.96 purchases a week for 13 weeks, a few of them lost to drop-out.
        var rate = (Cdnow.R + 5_000) / (Cdnow.Alpha + 5_200);
        Assert.InRange(expected, 0.99 * rate * 13, rate * 13);
        // The Beta(a, b + 5000) posterior is a narrow spike that quadrature resolves less finely.
        AssertClose(ByIntegration(Cdnow, heavy, 13), expected, 1e-6);
    }

    [Fact]
    public void Parameters_and_summaries_refuse_impossible_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdParameters.Create(0, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdParameters.Create(1, double.NaN, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RepeatSummary.Create(-1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RepeatSummary.Create(2, 5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => RepeatSummary.Create(0, 1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => BgNbdModel.ExpectedPurchases(Cdnow, RepeatSummary.Create(0, 0, 1), -1));
    }

    // E[Y(t)] = P(alive) · E_p[(1 − ((α+T)/(α+T+pt))^(r+x)) / p] with p ~ Beta(a, b+x): an alive
    // customer buys at rate λ ~ Gamma(r+x, α+T) and survives each purchase with 1 − p. The
    // substitution p = u^(1/a) absorbs the density's p^(a−1) singularity for a < 1.
    private static double ByIntegration(BgNbdParameters p, RepeatSummary s, double weeks)
    {
        var x = s.Frequency;
        var logBeta = SpecialFunctions.BetaLn(p.A, p.B + x);
        double Integrand(double u)
        {
            var drop = Math.Pow(u, 1 / p.A);
            if (drop <= 0 || drop >= 1)
            {
                return drop <= 0 ? weeks * (p.R + x) / (p.Alpha + s.Age) : 1 - Math.Pow((p.Alpha + s.Age) / (p.Alpha + s.Age + weeks), p.R + x);
            }

            var purchases = -ExpM1((p.R + x) * (Math.Log(p.Alpha + s.Age) - Math.Log(p.Alpha + s.Age + drop * weeks))) / drop;
            return purchases * Math.Exp((p.B + x - 1) * Math.Log(1 - drop) - logBeta) / p.A;
        }

        var alive = Integrate.DoubleExponential(Integrand, 0, 1, 1e-13);
        return alive * BgNbdModel.ProbabilityAlive(p, s);
    }

    private static double ExpM1(double value) => Math.Abs(value) < 1e-5 ? value + value * value / 2 : Math.Exp(value) - 1;
}
