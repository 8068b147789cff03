using LoyaltyGrid.Domain.Prediction;

namespace LoyaltyGrid.Domain.Tests.Prediction;

public sealed class SmallPopulationTests
{
    [Fact]
    public void A_small_monthly_buying_population_fits_and_gives_finite_figures()
    {
        // Shaped like the wall test's seed: six monthly cohorts, fewer customers coming back each month.
        var now = new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);
        var population = Cohorts(now, now);

        var fit = RepurchaseModelFit.Of(population, now, now);

        Assert.Equal(population.Count, fit.Customers);
        Assert.True(double.IsFinite(fit.LogLikelihood) && fit.LogLikelihood < 0, $"LL {fit.LogLikelihood}");
        Assert.True(fit.ExpectedPurchases90d >= fit.ExpectedPurchases30d && fit.ExpectedPurchases30d >= 0, $"{fit}");
        Assert.InRange(fit.CustomersLikelyLost, 0, population.Count);
    }

    [Fact]
    public void The_wall_seed_fits_on_every_day_of_a_year()
    {
        // The wall test's whole seed (six monthly cohorts, a big spender with three orders a few
        // minutes ago, four first-time web shoppers) as the grid summarises it shortly after. On
        // the first days of a month the likelihood peaks with a + b far below 1, where the
        // expected purchases of a brand-new customer once came out NaN and the fit was refused.
        var start = new DateTimeOffset(2026, 1, 1, 7, 48, 0, TimeSpan.Zero);
        var failures = new List<string>();
        for (var day = 0; day < 365; day++)
        {
            foreach (var hours in new[] { 0, 14 })
            {
                var now = start.AddDays(day).AddHours(hours);
                var asOf = now.AddSeconds(40);
                var population = WallSeed(now, asOf);
                try
                {
                    var fit = RepurchaseModelFit.Of(population, asOf, asOf);
                    Assert.InRange(fit.ExpectedPurchases30d, 0, fit.ExpectedPurchases90d);
                }
                catch (ArithmeticException ex)
                {
                    failures.Add($"{now:O}: {ex.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void A_new_customer_expects_what_the_acquisition_formula_gives_when_a_plus_b_is_below_one()
    {
        // The optimum the wall seed reached on 2026-01-05: a and b at the fitter's lower bound.
        var p = new BgNbdParameters(1.3561, 14.6427, 6.1445e-6, 3.1123e-5);
        foreach (var age in new[] { 0.0, 0.07, 3.6, 25.2 })
        {
            foreach (var weeks in new[] { RepurchaseModelFit.Horizon30dInWeeks, RepurchaseModelFit.Horizon90dInWeeks, 60 })
            {
                // Without a repeat purchase no drop-out could have happened yet: the customer is a
                // new one of a population whose rates are updated by T quiet weeks (α → α + T).
                var expected = BgNbdModel.ExpectedPurchasesOfNewCustomer(p with { Alpha = p.Alpha + age }, weeks);

                var actual = BgNbdModel.ExpectedPurchases(p, RepeatSummary.Create(0, 0, age), weeks);

                Assert.True(double.IsFinite(actual) && actual > 0, $"T={age}, t={weeks}: {actual}");
                Assert.Equal(expected, actual, expected * 1e-9);
            }
        }
    }

    private static List<RepeatSummary> WallSeed(DateTimeOffset now, DateTimeOffset asOf)
    {
        var population = Cohorts(now, asOf);
        population.Add(RepeatSummary.FromPurchases([now.AddMinutes(-2), now.AddMinutes(-3), now.AddMinutes(-4)], asOf)!.Value);
        population.AddRange(Enumerable.Repeat(RepeatSummary.FromPurchases([now], asOf)!.Value, 4));
        return population;
    }

    // Six monthly cohorts, fewer customers coming back each month, as the wall test seeds them.
    private static List<RepeatSummary> Cohorts(DateTimeOffset now, DateTimeOffset asOf)
    {
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var population = new List<RepeatSummary>();
        for (var cohort = 0; cohort < 6; cohort++)
        {
            var monthsAgo = 6 - cohort;
            for (var j = 0; j < 3 + cohort; j++)
            {
                var purchases = new List<DateTimeOffset>();
                for (var k = 0; k <= monthsAgo; k++)
                {
                    if (k > 0 && (j + k) % (k + 1) != 0)
                    {
                        continue;
                    }

                    var month = thisMonth.AddMonths(k - monthsAgo);
                    purchases.Add(month == thisMonth ? now.AddMinutes(-1) : month.AddDays(9).AddHours(12 + j));
                }

                population.Add(RepeatSummary.FromPurchases(purchases, asOf)!.Value);
            }
        }

        return population;
    }

    [Fact]
    public void Five_customers_fit_at_every_hour_of_a_day_even_where_the_optimum_is_on_a_bound()
    {
        // The cluster test's history; purchase days are calendar days, so the population shifts
        // with the hour the history is taken at. Some hours put the likelihood's maximum on the
        // parameter bound, where a flat wall once kept the simplex from ever converging.
        int[][] daysAgo = [[200, 150, 90, 30], [180, 20], [170], [160, 155, 150], [120, 119]];
        for (var hour = 0; hour < 24; hour++)
        {
            var now = new DateTimeOffset(2026, 11, 22, hour, 30, 0, TimeSpan.Zero);
            var population = daysAgo
                .Select(days => RepeatSummary.FromPurchases(days.Select(d => now.AddDays(-d)), now)!.Value)
                .ToList();

            var fit = RepurchaseModelFit.Of(population, now, now);

            Assert.True(double.IsFinite(fit.LogLikelihood), $"hour {hour}: log-likelihood {fit.LogLikelihood}");
        }
    }
}
