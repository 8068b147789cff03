using LoyaltyGrid.Domain.Prediction;

namespace LoyaltyGrid.Domain.Tests.Prediction;

public sealed class SmallPopulationTests
{
    [Fact]
    public void A_small_monthly_buying_population_fits_and_gives_finite_figures()
    {
        // Shaped like the wall test's seed: six monthly cohorts, fewer customers coming back each month.
        var now = new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);
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

                population.Add(RepeatSummary.FromPurchases(purchases, now)!.Value);
            }
        }

        var fit = RepurchaseModelFit.Of(population, now, now);

        Assert.Equal(population.Count, fit.Customers);
        Assert.True(double.IsFinite(fit.LogLikelihood) && fit.LogLikelihood < 0, $"LL {fit.LogLikelihood}");
        Assert.True(fit.ExpectedPurchases90d >= fit.ExpectedPurchases30d && fit.ExpectedPurchases30d >= 0, $"{fit}");
        Assert.InRange(fit.CustomersLikelyLost, 0, population.Count);
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
