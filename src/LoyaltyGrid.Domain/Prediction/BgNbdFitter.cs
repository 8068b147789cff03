using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace LoyaltyGrid.Domain.Prediction;

/// <summary>A maximum-likelihood fit: the parameters, how many customers it saw, and Σ ln L.</summary>
public sealed record BgNbdFit(BgNbdParameters Parameters, int Customers, double LogLikelihood);

/// <summary>
/// Maximum-likelihood estimation of (r, α, a, b) with MathNet's Nelder–Mead simplex over the
/// logarithms of the parameters, which keeps them positive without constraints and puts
/// parameters of very different scales (α in weeks, a and b near 1) on a common footing.
/// </summary>
public static class BgNbdFitter
{
    // Relative spread of the mean log-likelihood over the simplex: the search stops at the coarse
    // one, the restart polishes to the fine one where the likelihood allows it. Flat ridges of
    // small populations never reach the fine tolerance.
    private const double CoarseTolerance = 1e-8;
    private const double FineTolerance = 1e-10;
    private const int MaxIterations = 20_000;

    // Small or odd populations can make the likelihood keep rising towards a boundary (r and α
    // growing together, a → 0). Beyond e^±LogBound the objective is the value at the bound plus a
    // penalty that grows with the distance, so the simplex settles on the bound instead of
    // wandering off for ever; a flat wall would leave it bouncing without ever meeting the
    // tolerance. Ordinary fits (CDNOW: ln α ≈ 1.5) stay far inside it.
    private const double LogBound = 12;

    public static BgNbdFit Fit(IEnumerable<RepeatSummary> population)
    {
        // Customers sharing (x, t_x, T) contribute identically; grouping them makes each
        // evaluation cost the number of distinct summaries, not customers.
        var groups = population
            .GroupBy(summary => summary)
            .Select(group => (Summary: group.Key, Count: group.Count()))
            .ToArray();
        var customers = groups.Sum(group => group.Count);
        if (customers == 0)
        {
            throw new ArgumentException("A fit needs at least one customer.", nameof(population));
        }

        if (groups.All(group => group.Summary.Frequency == 0))
        {
            throw new ArgumentException("A fit needs at least one customer with a repeat purchase.", nameof(population));
        }

        var objective = ObjectiveFunction.Value(logParameters =>
        {
            var bounded = logParameters.Map(value => Math.Clamp(value, -LogBound, LogBound));
            var beyond = (logParameters - bounded).L2Norm();
            var value = -MeanLogLikelihood(FromLog(bounded), groups) + beyond * beyond;
            // The simplex may probe absurd corners (Γ overflowing); a huge finite value steers it back.
            return double.IsFinite(value) ? value : 1e300;
        });

        // Start at r = α = a = b = 1; then restart once from the optimum, the standard remedy for
        // a simplex that collapsed before reaching it.
        var start = Vector<double>.Build.Dense(4, 0);
        var step = Vector<double>.Build.Dense(4, 0.5);
        var first = NelderMeadSimplex.Minimum(objective, start, step, CoarseTolerance, MaxIterations);
        var optimum = first.MinimizingPoint;
        try
        {
            optimum = NelderMeadSimplex.Minimum(objective, optimum, Vector<double>.Build.Dense(4, 0.1), FineTolerance, MaxIterations).MinimizingPoint;
        }
        catch (MaximumIterationsException)
        {
            // A ridge too flat to polish: the coarse optimum stands.
        }

        var best = FromLog(optimum.Map(value => Math.Clamp(value, -LogBound, LogBound)));
        return new BgNbdFit(best, customers, TotalLogLikelihood(best, groups));
    }

    private static BgNbdParameters FromLog(Vector<double> logParameters) => new(
        Math.Exp(logParameters[0]), Math.Exp(logParameters[1]), Math.Exp(logParameters[2]), Math.Exp(logParameters[3]));

    private static double TotalLogLikelihood(BgNbdParameters p, (RepeatSummary Summary, int Count)[] groups) =>
        groups.Sum(group => group.Count * BgNbdModel.LogLikelihood(p, group.Summary));

    private static double MeanLogLikelihood(BgNbdParameters p, (RepeatSummary Summary, int Count)[] groups) =>
        TotalLogLikelihood(p, groups) / groups.Sum(group => group.Count);
}
