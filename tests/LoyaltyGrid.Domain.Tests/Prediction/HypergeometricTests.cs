using LoyaltyGrid.Domain.Prediction;
using MathNet.Numerics;

namespace LoyaltyGrid.Domain.Tests.Prediction;

public sealed class HypergeometricTests
{
    // Spans the direct series (≤ 0.99) and the connection formula onto 1 − z (> 0.99).
    public static TheoryData<double> Zs => new() { 0, 1e-3, 0.1, 0.5, 0.9, 0.99, 0.991, 0.9999, 0.999999 };

    [Theory]
    [MemberData(nameof(Zs))]
    public void Logarithm_identity_holds(double z)
    {
        var expected = z == 0 ? 1 : -Math.Log(1 - z) / z;
        // c − a − b = 0 here: the case the connection formula reaches by averaging around c.
        AssertClose(expected, Hypergeometric.F21(1, 1, 2, z), 1e-8);
    }

    [Theory]
    [MemberData(nameof(Zs))]
    public void Binomial_identity_holds(double z)
    {
        // 2F1(a, b; b; z) = (1 − z)^(−a); a = 0.3 keeps c − a − b off the integers.
        AssertClose(Math.Pow(1 - z, -0.3), Hypergeometric.F21(0.3, 2.7, 2.7, z), 1e-11);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.7)]
    [InlineData(0.95)]
    [InlineData(0.9999)]
    public void Arcsine_identity_holds(double y)
    {
        AssertClose(Math.Asin(y) / y, Hypergeometric.F21(0.5, 0.5, 1.5, y * y), 1e-10);
    }

    [Theory]
    [InlineData(0.243, 2.426, 2.219, 0.3)]
    [InlineData(0.243, 2.426, 2.219, 0.97)]
    [InlineData(3.2, 1.4, 6.1, 0.8)]
    [InlineData(50.5, 40.25, 91.3, 0.6)]
    [InlineData(50.5, 40.25, 91.3, 0.95)]
    [InlineData(-0.7, 0.4, 1.9, 0.995)]
    [InlineData(0.35, -0.2, 30.6, 0.9995)]
    public void Euler_transformation_holds(double a, double b, double c, double z)
    {
        var direct = Hypergeometric.F21(a, b, c, z);
        var transformed = Math.Pow(1 - z, c - a - b) * Hypergeometric.F21(c - a, c - b, c, z);
        AssertClose(direct, transformed, 1e-9);
    }

    [Fact]
    public void A_negative_integer_parameter_makes_a_polynomial()
    {
        const double b = 1.7, c = 3.4, z = 0.9;
        var expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
        AssertClose(expected, Hypergeometric.F21(-2, b, c, z), 1e-14);
    }

    [Fact]
    public void Gauss_summation_is_the_limit_at_one()
    {
        const double a = 0.6, b = 1.1, c = 2.9;
        var atOne = Math.Exp(SpecialFunctions.GammaLn(c) + SpecialFunctions.GammaLn(c - a - b)
            - SpecialFunctions.GammaLn(c - a) - SpecialFunctions.GammaLn(c - b));
        AssertClose(atOne, Hypergeometric.F21(a, b, c, 1 - 1e-12), 1e-9);
    }

    [Fact]
    public void Is_continuous_where_the_method_changes()
    {
        const double a = 0.55, b = 1.3, c = 2.25;
        var below = Hypergeometric.F21(a, b, c, 0.99);
        var above = Hypergeometric.F21(a, b, c, 0.99 + 1e-12);
        AssertClose(below, above, 1e-11);
    }

    [Fact]
    public void Series_tail_is_exact_for_tiny_contributions()
    {
        // 2F1(1, 1; 2; z) − 1 = −ln(1−z)/z − 1 ≈ z/2 for tiny z: the leading 1 must not swallow it.
        AssertClose(5e-11, Hypergeometric.SeriesTail(1, 1, 2, 1e-10), 1e-9);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void Refuses_arguments_outside_the_unit_interval(double z)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.F21(1, 1, 2, z));
    }

    [Fact]
    public void Refuses_a_pole_in_c()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Hypergeometric.F21(1, 1, -3, 0.5));
    }

    internal static void AssertClose(double expected, double actual, double relative)
    {
        var scale = Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= relative * scale, $"expected {expected:R}, got {actual:R}");
    }
}
