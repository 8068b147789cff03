namespace LoyaltyGrid.Domain.Prediction;

/// <summary>One holdout week: repeat purchases seen and expected, in the week and cumulated.</summary>
public sealed record HoldoutWeek(int Week, double Actual, double Predicted, double CumulativeActual, double CumulativePredicted);

/// <summary>A calibration fit and how well it forecast the holdout weeks that followed.</summary>
public sealed record HoldoutReport(BgNbdFit Fit, IReadOnlyList<HoldoutWeek> Weeks)
{
    public double TotalActual => Weeks.Count == 0 ? 0 : Weeks[^1].CumulativeActual;

    public double TotalPredicted => Weeks.Count == 0 ? 0 : Weeks[^1].CumulativePredicted;

    /// <summary>(predicted − actual) / actual over the whole holdout.</summary>
    public double RelativeError => (TotalPredicted - TotalActual) / TotalActual;
}

/// <summary>
/// The test of the paper: fit on the purchase occasions before <c>calibrationEnd</c>, then
/// compare Σ E[Y(t)] over the customers with the repeat purchases they actually made in each
/// of the following weeks. Purchase occasions are distinct (customer, day) pairs, as in the fit.
/// </summary>
public static class HoldoutValidation
{
    public static HoldoutReport Run(IEnumerable<(string Customer, DateOnly Day)> purchases, DateOnly calibrationEnd, int holdoutWeeks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(holdoutWeeks);
        var end = new DateTimeOffset(calibrationEnd.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var byCustomer = purchases
            .GroupBy(purchase => purchase.Customer, purchase => purchase.Day)
            .Select(group => group.Distinct().Order().ToArray())
            .Where(days => days[0] < calibrationEnd)
            .ToArray();
        var summaries = byCustomer
            .Select(days => RepeatSummary.FromPurchases(days.Select(StartOf), end)!.Value)
            .ToArray();
        var fit = BgNbdFitter.Fit(summaries);

        var actualPerWeek = new double[holdoutWeeks];
        foreach (var day in byCustomer.SelectMany(days => days))
        {
            var week = (day.DayNumber - calibrationEnd.DayNumber) / 7;
            if (day >= calibrationEnd && week < holdoutWeeks)
            {
                actualPerWeek[week]++;
            }
        }

        var weeks = new List<HoldoutWeek>(holdoutWeeks);
        double cumulativeActual = 0;
        double previousPredicted = 0;
        for (var week = 1; week <= holdoutWeeks; week++)
        {
            var cumulativePredicted = summaries.Sum(summary => BgNbdModel.ExpectedPurchases(fit.Parameters, summary, week));
            cumulativeActual += actualPerWeek[week - 1];
            weeks.Add(new HoldoutWeek(week, actualPerWeek[week - 1], cumulativePredicted - previousPredicted, cumulativeActual, cumulativePredicted));
            previousPredicted = cumulativePredicted;
        }

        return new HoldoutReport(fit, weeks);
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
