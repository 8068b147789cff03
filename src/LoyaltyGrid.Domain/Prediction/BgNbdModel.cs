using MathNet.Numerics;

namespace LoyaltyGrid.Domain.Prediction;

/// <summary>
/// The BG/NBD model of Fader, Hardie &amp; Lee (2005), "Counting Your Customers the Easy Way":
/// the likelihood of a customer's (x, t_x, T), the probability they are still active, and the
/// purchases to expect from them. Everything is formed in log space so that large x and long
/// histories (where (α+T)^(r+x) overflows and Γ(r+x) is astronomically large) stay finite.
/// </summary>
public static class BgNbdModel
{
    /// <summary>ln L(r, α, a, b | x, t_x, T), equation (6) of the paper.</summary>
    public static double LogLikelihood(BgNbdParameters p, RepeatSummary s)
    {
        var x = s.Frequency;
        var common = SpecialFunctions.GammaLn(p.R + x) - SpecialFunctions.GammaLn(p.R) + p.R * Math.Log(p.Alpha)
            + SpecialFunctions.GammaLn(p.A + p.B) + SpecialFunctions.GammaLn(p.B + x)
            - SpecialFunctions.GammaLn(p.B) - SpecialFunctions.GammaLn(p.A + p.B + x);
        var stillActive = -(p.R + x) * Math.Log(p.Alpha + s.Age);
        if (x == 0)
        {
            return common + stillActive;
        }

        var droppedAfterLast = Math.Log(p.A) - Math.Log(p.B + x - 1) - (p.R + x) * Math.Log(p.Alpha + s.Recency);
        return common + LogSumExp(stillActive, droppedAfterLast);
    }

    /// <summary>Σ ln L over a population.</summary>
    public static double LogLikelihood(BgNbdParameters p, IEnumerable<RepeatSummary> population) =>
        population.Sum(summary => LogLikelihood(p, summary));

    /// <summary>P(alive | x, t_x, T): the probability the customer has not dropped out by T.</summary>
    public static double ProbabilityAlive(BgNbdParameters p, RepeatSummary s)
    {
        if (s.Frequency == 0)
        {
            // The model lets a customer drop out only right after a repeat purchase.
            return 1;
        }

        return 1 / (1 + Math.Exp(LogOddsDropped(p, s)));
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T]: purchases expected in the next <paramref name="weeks"/> weeks,
    /// equation (10) of the paper.
    /// </summary>
    public static double ExpectedPurchases(BgNbdParameters p, RepeatSummary s, double weeks)
    {
        if (!(weeks >= 0) || double.IsInfinity(weeks))
        {
            throw new ArgumentOutOfRangeException(nameof(weeks), weeks, "The horizon is a finite, non-negative number of weeks.");
        }

        if (weeks == 0)
        {
            return 0;
        }

        var x = s.Frequency;
        var horizonEnd = p.Alpha + s.Age + weeks;
        var z = weeks / horizonEnd;
        var logOneMinusZ = Math.Log(p.Alpha + s.Age) - Math.Log(horizonEnd);

        // Euler's transformation turns (1−z)^(r+x) 2F1(r+x, b+x; a+b+x−1; z), whose series
        // grows without bound as z → 1 for large x, into (1−z)^(a−1) 2F1(a+b−1−r, a−1; a+b+x−1; z),
        // whose upper parameters do not grow with x and whose lower one does: large x makes it
        // converge faster, not slower.
        var upper1 = p.A + p.B - 1 - p.R;
        var upper2 = p.A - 1;
        var lower = p.A + p.B + x - 1;
        var tail = z <= 0.5
            ? Hypergeometric.SeriesTail(upper1, upper2, lower, z)
            : Hypergeometric.F21(upper1, upper2, lower, z) - 1;

        // 1 − (1−z)^(a−1) F as −expm1(...), which keeps its relative precision when a is near 1
        // and the leading factor (a+b+x−1)/(a−1) is large. F is negative for a customer without
        // repeat purchases when a + b < 1 (c = a+b−1 is then negative), as small populations fit;
        // ln F does not exist there, and nothing cancels in the plain difference either.
        var bracket = tail > -1
            ? -ExpMinusOne(upper2 * logOneMinusZ + LogOnePlus(tail))
            : 1 - Math.Exp(upper2 * logOneMinusZ) * (1 + tail);
        var expected = lower / upper2 * bracket * ProbabilityAlive(p, s);
        if (double.IsFinite(expected))
        {
            return expected;
        }

        // With a very large a (drop-out all but impossible) the transformed series' terms grow
        // like (a−1)^n before they shrink and overflow; the untransformed one is tame there.
        var direct = Hypergeometric.F21(p.R + x, p.B + x, lower, z);
        return lower / upper2 * -ExpMinusOne((p.R + x) * logOneMinusZ + Math.Log(direct)) * ProbabilityAlive(p, s);
    }

    /// <summary>
    /// E[X(t)] for a customer just acquired (x = t_x = T = 0): equation (9) of the paper,
    /// evaluated with the plain (untransformed) hypergeometric function.
    /// </summary>
    public static double ExpectedPurchasesOfNewCustomer(BgNbdParameters p, double weeks)
    {
        var z = weeks / (p.Alpha + weeks);
        var scale = Math.Exp(p.R * (Math.Log(p.Alpha) - Math.Log(p.Alpha + weeks)));
        return (p.A + p.B - 1) / (p.A - 1) * (1 - scale * Hypergeometric.F21(p.R, p.B, p.A + p.B - 1, z));
    }

    // ln[ P(dropped) / P(alive) ] = ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x)).
    private static double LogOddsDropped(BgNbdParameters p, RepeatSummary s) =>
        Math.Log(p.A) - Math.Log(p.B + s.Frequency - 1)
        + (p.R + s.Frequency) * (Math.Log(p.Alpha + s.Age) - Math.Log(p.Alpha + s.Recency));

    private static double LogSumExp(double left, double right)
    {
        var max = Math.Max(left, right);
        return max + Math.Log(Math.Exp(left - max) + Math.Exp(right - max));
    }

    // Kahan's forms of ln(1+v) and e^v − 1: exact to rounding for tiny v, unlike the naive ones.
    private static double LogOnePlus(double value)
    {
        var sum = 1 + value;
        return sum == 1 ? value : Math.Log(sum) * value / (sum - 1);
    }

    private static double ExpMinusOne(double value)
    {
        var power = Math.Exp(value);
        if (power == 1)
        {
            return value;
        }

        return power - 1 == -1 ? -1 : (power - 1) * value / Math.Log(power);
    }
}
