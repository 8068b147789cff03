using MathNet.Numerics;

namespace LoyaltyGrid.Domain.Prediction;

/// <summary>
/// The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and 0 ≤ z &lt; 1, the
/// range the repurchase model needs. MathNet.Numerics offers no real-argument 2F1 with any
/// treatment of z near 1, so it is evaluated here: the power series where it converges fast,
/// and the connection formula onto 1 − z where the series would crawl.
/// </summary>
public static class Hypergeometric
{
    private const double SeriesTolerance = 1e-16;
    private const int MaxTerms = 200_000;

    // Up to this z the direct series needs at most a few thousand terms (ln 1e-16 / ln 0.99) and,
    // its terms being of one sign for positive parameters, suffers no cancellation even when the
    // parameters are large. Beyond it the series in 1 − z (ratio ≤ 0.01) takes over.
    private const double ConnectionThreshold = 0.99;

    // Where c − a − b is (nearly) an integer the two halves of the connection formula have poles
    // that cancel; F is analytic in c, so the mean of F at c ± this shift is F(c) to O(shift²).
    private const double IntegerShift = 5e-6;

    public static double F21(double a, double b, double c, double z)
    {
        if (!(z >= 0 && z < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "2F1 is evaluated for 0 ≤ z < 1 only.");
        }

        if (IsNonPositiveInteger(c))
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, "2F1 is undefined when c is 0 or a negative integer.");
        }

        if (z <= ConnectionThreshold || IsNonPositiveInteger(a) || IsNonPositiveInteger(b))
        {
            return 1 + SeriesTail(a, b, c, z);
        }

        if (IsNearInteger(c - a - b))
        {
            return (ViaOneMinusZ(a, b, c + IntegerShift, z) + ViaOneMinusZ(a, b, c - IntegerShift, z)) / 2;
        }

        return ViaOneMinusZ(a, b, c, z);
    }

    /// <summary>
    /// 2F1(a, b; c; z) − 1, summed without ever forming the leading 1, so a caller that needs
    /// ln 2F1 or 1 − 2F1 keeps full relative precision when the tail is tiny.
    /// </summary>
    public static double SeriesTail(double a, double b, double c, double z)
    {
        if (z == 0)
        {
            return 0;
        }

        double term = 1;
        double sum = 0;
        for (var n = 0; n < MaxTerms; n++)
        {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (term == 0)
            {
                return sum;
            }

            // Stop only once the terms are shrinking, so a slow start (large a, b over c) is not
            // mistaken for convergence.
            var shrinking = Math.Abs((a + n + 1) * (b + n + 1) / ((c + n + 1) * (n + 2)) * z) < 1;
            if (shrinking && Math.Abs(term) <= SeriesTolerance * Math.Abs(sum))
            {
                return sum;
            }
        }

        throw new ArithmeticException($"2F1({a}, {b}; {c}; {z}) series did not converge in {MaxTerms} terms.");
    }

    // Abramowitz & Stegun 15.3.6: for c − a − b not an integer,
    // 2F1(a,b;c;z) = G1 · 2F1(a, b; a+b−c+1; 1−z) + (1−z)^(c−a−b) · G2 · 2F1(c−a, c−b; c−a−b+1; 1−z)
    // with G1 = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) and G2 = Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)). The prefactors are
    // formed from signed log-gammas so that large parameters neither overflow nor, when the
    // second half underflows to nothing, cost a series that cannot matter.
    private static double ViaOneMinusZ(double a, double b, double c, double z)
    {
        var w = 1 - z;
        var s = c - a - b;
        var first = Prefactor(GammaRatio([c, s], [c - a, c - b]), 0);
        if (first != 0)
        {
            first *= 1 + SeriesTail(a, b, 1 - s, w);
        }

        var second = Prefactor(GammaRatio([c, -s], [a, b]), s * Math.Log(w));
        if (second != 0)
        {
            second *= 1 + SeriesTail(c - a, c - b, s + 1, w);
        }

        return first + second;
    }

    private static double Prefactor((double Log, int Sign) ratio, double extraLog) =>
        ratio.Sign == 0 ? 0 : ratio.Sign * Math.Exp(ratio.Log + extraLog);

    /// <summary>ln |Π Γ(numerators) / Π Γ(denominators)| and its sign; sign 0 when a denominator sits on a pole.</summary>
    private static (double Log, int Sign) GammaRatio(ReadOnlySpan<double> numerators, ReadOnlySpan<double> denominators)
    {
        double logMagnitude = 0;
        var sign = 1;
        foreach (var value in denominators)
        {
            if (IsNonPositiveInteger(value))
            {
                return (0, 0);
            }

            var (log, valueSign) = SignedLogGamma(value);
            logMagnitude -= log;
            sign *= valueSign;
        }

        foreach (var value in numerators)
        {
            var (log, valueSign) = SignedLogGamma(value);
            logMagnitude += log;
            sign *= valueSign;
        }

        return (logMagnitude, sign);
    }

    /// <summary>ln |Γ(x)| and the sign of Γ(x), for x not a pole.</summary>
    internal static (double Log, int Sign) SignedLogGamma(double x)
    {
        if (x > 0)
        {
            return (SpecialFunctions.GammaLn(x), 1);
        }

        // Reflection: Γ(x) = π / (sin(πx) Γ(1 − x)), with Γ(1 − x) > 0 here.
        var sine = Math.Sin(Math.PI * x);
        return (Math.Log(Math.PI) - Math.Log(Math.Abs(sine)) - SpecialFunctions.GammaLn(1 - x), Math.Sign(sine));
    }

    private static bool IsNonPositiveInteger(double value) => value <= 0 && value == Math.Floor(value);

    private static bool IsNearInteger(double value) => Math.Abs(value - Math.Round(value)) < 2 * IntegerShift;
}
