using LoyaltyGrid.Domain.Prediction;
using LoyaltyGrid.Testing;
using MathNet.Numerics.Distributions;

namespace LoyaltyGrid.Domain.Tests.Prediction;

public sealed class BgNbdFitterTests
{
    private static readonly DateOnly CalibrationEnd = new(1997, 10, 1);

    [Fact]
    public void The_cdnow_cohort_gives_the_published_estimates()
    {
        // The paper's data set counts purchases through 1997-09-30 but measures T only up to the
        // start of that day (customer 1: x = 2, t_x = 30.43, T = 38.86); its summaries are ours
        // with T one day shorter. The grid ends both at asOf, which moves the estimates by ≈ 3 %.
        var summaries = CdnowCalibration()
            .Select(summary => RepeatSummary.Create(summary.Frequency, summary.Recency, Math.Max(summary.Recency, summary.Age - 1 / RepeatSummary.DaysPerWeek)))
            .ToList();
        Assert.Equal(2357, summaries.Count);
        Assert.Equal(2457, summaries.Sum(summary => summary.Frequency));

        var fit = BgNbdFitter.Fit(summaries);

        // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        Assert.Equal(2357, fit.Customers);
        Assert.Equal(0.243, fit.Parameters.R, 0.0005);
        Assert.Equal(4.414, fit.Parameters.Alpha, 0.005);
        Assert.Equal(0.793, fit.Parameters.A, 0.0005);
        Assert.Equal(2.426, fit.Parameters.B, 0.005);
        Assert.Equal(-9582.4, fit.LogLikelihood, 0.05);
    }

    [Fact]
    public void The_fit_is_a_maximum_of_the_likelihood()
    {
        var summaries = CdnowCalibration();
        var fit = BgNbdFitter.Fit(summaries);

        foreach (var nudge in new[] { 0.99, 1.01 })
        {
            var p = fit.Parameters;
            foreach (var neighbour in new[] { p with { R = p.R * nudge }, p with { Alpha = p.Alpha * nudge }, p with { A = p.A * nudge }, p with { B = p.B * nudge } })
            {
                Assert.True(BgNbdModel.LogLikelihood(neighbour, summaries) < fit.LogLikelihood, $"{neighbour} beats the fit {p}");
            }
        }
    }

    [Fact]
    public void A_simulated_population_gives_back_the_parameters_it_was_drawn_from()
    {
        var truth = BgNbdParameters.Create(0.8, 6.0, 1.4, 3.5);
        var random = new Random(20050401);
        var rates = new Gamma(truth.R, truth.Alpha, random);
        var dropOuts = new Beta(truth.A, truth.B, random);
        var population = new List<RepeatSummary>();
        for (var customer = 0; customer < 20_000; customer++)
        {
            // Acquired across the first 12 weeks of a 52-week observation, as a cohort would be.
            var age = 40 + 12 * random.NextDouble();
            population.Add(Simulate(rates.Sample(), dropOuts.Sample(), age, random));
        }

        var fit = BgNbdFitter.Fit(population);

        Assert.InRange(fit.Parameters.R, truth.R * 0.9, truth.R * 1.1);
        Assert.InRange(fit.Parameters.Alpha, truth.Alpha * 0.85, truth.Alpha * 1.15);
        Assert.InRange(fit.Parameters.A, truth.A * 0.75, truth.A * 1.25);
        Assert.InRange(fit.Parameters.B, truth.B * 0.7, truth.B * 1.3);
        Assert.True(fit.LogLikelihood >= BgNbdModel.LogLikelihood(truth, population), "the truth should not beat the maximum");
    }

    [Fact]
    public void A_population_without_repeat_purchases_cannot_be_fitted()
    {
        Assert.Throws<ArgumentException>(() => BgNbdFitter.Fit([RepeatSummary.Create(0, 0, 10), RepeatSummary.Create(0, 0, 3)]));
        Assert.Throws<ArgumentException>(() => BgNbdFitter.Fit([]));
    }

    [Fact]
    public void The_cdnow_holdout_total_is_forecast_within_fifteen_percent()
    {
        var purchases = CdnowFormat.Purchases(File.ReadLines(Repository.Cdnow("CDNOW_sample.txt"))).ToList();

        var report = HoldoutValidation.Run(purchases, CalibrationEnd, holdoutWeeks: 39);

        // Figures of this run (docs/prediction.md): 1,882 repeat purchases seen in the holdout,
        // Σ E[Y(39) | x, t_x, T] = 1,630.5 expected: −13.4 %. The model under-forecasts this
        // holdout (its unconditional tracking curve, the paper's figure, gives 1,666: −11.5 %);
        // the bound guards against regressions, it does not claim more accuracy than that.
        Assert.Equal(39, report.Weeks.Count);
        Assert.Equal(1882, report.TotalActual);
        Assert.True(Math.Abs(report.RelativeError) < 0.15,
            $"holdout: predicted {report.TotalPredicted:F1}, actual {report.TotalActual}, error {report.RelativeError:P2}");
        Assert.All(report.Weeks, week => Assert.True(week.Predicted > 0 && week.CumulativePredicted >= week.Predicted));
    }

    [Fact]
    public void Summaries_count_distinct_days_before_the_end_of_observation()
    {
        var asOf = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var first = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var purchases = new[]
        {
            first, first.AddHours(3), first.AddDays(7), first.AddDays(14).AddHours(14), first.AddDays(14).AddHours(1), asOf, asOf.AddDays(3),
        };

        var summary = RepeatSummary.FromPurchases(purchases, asOf);

        // Days 0, 7 and 14 before asOf: two repeat occasions, the last two weeks in, observed 59 days.
        Assert.Equal(RepeatSummary.Create(2, 2, 59 / 7.0), summary);
        Assert.Null(RepeatSummary.FromPurchases(purchases, first));
    }

    private static List<RepeatSummary> CdnowCalibration()
    {
        var end = new DateTimeOffset(CalibrationEnd.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return CdnowFormat.Purchases(File.ReadLines(Repository.Cdnow("CDNOW_sample.txt")))
            .GroupBy(purchase => purchase.Customer)
            .Select(customer => RepeatSummary.FromPurchases(customer.Select(p => new DateTimeOffset(p.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)), end))
            .OfType<RepeatSummary>()
            .ToList();
    }

    // The BG/NBD story: purchases arrive at rate λ, and after each one the customer leaves for good with probability p.
    private static RepeatSummary Simulate(double rate, double dropOut, double age, Random random)
    {
        var repeats = 0;
        double clock = 0, last = 0;
        while (true)
        {
            clock += -Math.Log(1 - random.NextDouble()) / rate;
            if (clock >= age)
            {
                break;
            }

            repeats++;
            last = clock;
            if (random.NextDouble() < dropOut)
            {
                break;
            }
        }

        return RepeatSummary.Create(repeats, last, age);
    }
}
