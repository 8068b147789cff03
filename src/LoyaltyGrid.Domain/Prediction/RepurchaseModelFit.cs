namespace LoyaltyGrid.Domain.Prediction;

/// <summary>
/// A stored fit of the repurchase model and the population figures it implied at
/// <see cref="AsOf"/>: purchases expected from all customers in the next 30 and 90 days, and
/// the customers more likely gone than not (P(alive) &lt; 0.5).
/// </summary>
public sealed record RepurchaseModelFit(
    DateTimeOffset FittedAt,
    DateTimeOffset AsOf,
    BgNbdParameters Parameters,
    int Customers,
    double LogLikelihood,
    double ExpectedPurchases30d,
    double ExpectedPurchases90d,
    long CustomersLikelyLost)
{
    public const double Horizon30dInWeeks = 30 / RepeatSummary.DaysPerWeek;
    public const double Horizon90dInWeeks = 90 / RepeatSummary.DaysPerWeek;

    /// <summary>Fits <paramref name="population"/> (summaries at <paramref name="asOf"/>) and computes its figures.</summary>
    public static RepurchaseModelFit Of(IReadOnlyCollection<RepeatSummary> population, DateTimeOffset asOf, DateTimeOffset fittedAt)
    {
        var fit = BgNbdFitter.Fit(population);
        var p = fit.Parameters;
        var result = new RepurchaseModelFit(
            fittedAt,
            asOf,
            p,
            fit.Customers,
            fit.LogLikelihood,
            population.Sum(summary => BgNbdModel.ExpectedPurchases(p, summary, Horizon30dInWeeks)),
            population.Sum(summary => BgNbdModel.ExpectedPurchases(p, summary, Horizon90dInWeeks)),
            population.LongCount(summary => BgNbdModel.ProbabilityAlive(p, summary) < 0.5));

        // A fit that cannot produce finite figures is no fit: it would break every read it feeds.
        if (!double.IsFinite(result.LogLikelihood) || !double.IsFinite(result.ExpectedPurchases30d) || !double.IsFinite(result.ExpectedPurchases90d))
        {
            throw new ArithmeticException($"The fit {p} gives non-finite figures.");
        }

        return result;
    }

    /// <summary>Whether a population can be fitted: some customer must have bought again.</summary>
    public static bool CanFit(IReadOnlyCollection<RepeatSummary> population) => population.Any(summary => summary.Frequency > 0);
}

/// <summary>A customer's figures under the latest fit, with their purchases observed until now.</summary>
public sealed record RepurchaseOutlook(double ProbabilityAlive, double ExpectedPurchases90d)
{
    public static RepurchaseOutlook? Of(BgNbdParameters parameters, IEnumerable<DateTimeOffset> purchases, DateTimeOffset now) =>
        FromSummary(parameters, RepeatSummary.FromPurchases(purchases, now));

    /// <summary>From the customer's distinct purchase days before <paramref name="now"/>, as a customer keeps them.</summary>
    public static RepurchaseOutlook? Of(BgNbdParameters parameters, PurchaseDays? days, DateTimeOffset now) =>
        FromSummary(parameters, RepeatSummary.FromDays(days, now));

    private static RepurchaseOutlook? FromSummary(BgNbdParameters parameters, RepeatSummary? repeat)
    {
        if (repeat is not { } summary)
        {
            return null;
        }

        var outlook = new RepurchaseOutlook(
            BgNbdModel.ProbabilityAlive(parameters, summary),
            BgNbdModel.ExpectedPurchases(parameters, summary, RepurchaseModelFit.Horizon90dInWeeks));
        // A degenerate fit (parameters at the optimizer's bounds) must not turn a read into an error.
        return double.IsFinite(outlook.ProbabilityAlive) && double.IsFinite(outlook.ExpectedPurchases90d) ? outlook : null;
    }
}
