using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Domain.Prediction;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

public sealed class CdnowServer : ApiServer
{
    protected override string Purpose => "cdnow";

    // The replay is one client going as fast as it can; the limit is not what is under test here.
    protected override void Configure(ServerProcessBuilder server) =>
        server.With("Api__RateLimit__PermitsPerSecond", "1000000");
}

/// <summary>
/// Real purchase history (CDNOW, 1997–1998) replayed through the API, checked against an
/// independent computation of the rules: earning per purchase = floor(amount × multiplier of the
/// tier as of that purchase, from net spend in [t − 365 days, t)). Reads use the server clock,
/// decades later, so every customer reads as Member, lapsed, with all points expired.
/// </summary>
public sealed class CdnowReplayTests(CdnowServer server) : IClassFixture<CdnowServer>
{
    private const int InFlight = 16;

    [Fact]
    public async Task Replaying_the_cdnow_sample_gives_every_customer_the_independently_computed_account()
    {
        var purchases = ReadSample();
        Assert.Equal(6919, purchases.Count);
        var customers = purchases.GroupBy(purchase => purchase.CustomerId).ToList();
        Assert.Equal(2357, customers.Count);

        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (customer, _) =>
        {
            var expected = Oracle.PointsPerPurchase(customer.Where(purchase => purchase.Amount > 0).ToList());
            foreach (var purchase in customer)
            {
                using var response = await server.Api.PostAsync("/api/v1/purchases", purchase.Body(), TestCredentials.StoreACredential);
                var text = await response.Content.ReadAsStringAsync();
                if (purchase.Amount <= 0)
                {
                    // amount > 0 (api.md): CDNOW's zero-value rows are refused, naming the field.
                    if (response.StatusCode != HttpStatusCode.BadRequest || !text.Contains("\"amount\"", StringComparison.Ordinal))
                    {
                        failures.Enqueue($"{purchase.OrderId}: a zero amount answered {(int)response.StatusCode} {text}");
                    }

                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{purchase.OrderId}: {(int)response.StatusCode} {text}");
                    continue;
                }

                var earned = JsonDocument.Parse(text).RootElement.GetProperty("pointsEarned").GetInt64();
                if (earned != expected[purchase.OrderId])
                {
                    failures.Enqueue($"{purchase.OrderId}: earned {earned}, expected {expected[purchase.OrderId]}");
                }
            }
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} purchases went wrong, e.g.:\n{string.Join('\n', failures.Take(10))}");

        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (customer, _) =>
        {
            var accepted = customer.Where(purchase => purchase.Amount > 0).ToList();
            using var response = await server.Api.GetAsync($"/api/v1/customers/{customer.Key}", TestCredentials.StoreACredential);
            var text = await response.Content.ReadAsStringAsync();
            if (accepted.Count == 0)
            {
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Enqueue($"{customer.Key} never bought anything but read {(int)response.StatusCode}");
                }

                return;
            }

            var read = JsonDocument.Parse(text).RootElement;
            var expected = new
            {
                Orders = accepted.Count,
                NetSpend = accepted.Sum(purchase => purchase.Amount),
                LifetimePoints = Oracle.PointsPerPurchase(accepted).Values.Sum(),
                First = accepted.Min(purchase => purchase.OccurredAt),
                Last = accepted.Max(purchase => purchase.OccurredAt),
            };
            var actual = response.StatusCode != HttpStatusCode.OK ? null : new
            {
                Orders = read.GetProperty("orders").GetInt32(),
                NetSpend = read.GetProperty("netSpend").GetDecimal(),
                LifetimePoints = read.GetProperty("lifetimePoints").GetInt64(),
                First = read.GetProperty("firstPurchaseAt").GetDateTimeOffset(),
                Last = read.GetProperty("lastPurchaseAt").GetDateTimeOffset(),
            };
            if (!expected.Equals(actual)
                || read.GetProperty("tier").GetString() != "Member"
                || read.GetProperty("lifecycle").GetString() != "lapsed"
                || read.GetProperty("balance").GetInt64() != 0
                || read.GetProperty("expiring").GetArrayLength() != 0)
            {
                failures.Enqueue($"{customer.Key}: expected {expected} (Member, lapsed, balance 0, nothing expiring), read {text}");
            }
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} customers read wrong, e.g.:\n{string.Join('\n', failures.Take(10))}");

        await The_grid_fits_the_repurchase_model_of_the_replayed_calibration_period_like_the_domain(purchases);
    }

    // Part of the replay test, to fit on its replayed history rather than replay it again: the
    // paper's calibration period (purchases before 1997-10-01) fitted through SQL over stored
    // customer state must give what the pure fit gives on the same accepted purchases.
    private async Task The_grid_fits_the_repurchase_model_of_the_replayed_calibration_period_like_the_domain(List<SamplePurchase> purchases)
    {
        var asOf = new DateTimeOffset(1997, 10, 1, 0, 0, 0, TimeSpan.Zero);
        var accepted = purchases.Where(purchase => purchase.Amount > 0).GroupBy(purchase => purchase.CustomerId).ToList();
        var expected = BgNbdFitter.Fit(accepted
            .Select(customer => RepeatSummary.FromPurchases(customer.Select(purchase => purchase.OccurredAt), asOf))
            .OfType<RepeatSummary>()
            .ToList());

        var fit = await server.Api.PostOkAsync("/api/v1/model/fit", new { asOf = Times.Iso(asOf) }, TestCredentials.OpsCredential);

        Assert.Equal(expected.Customers, fit.GetProperty("customers").GetInt32());
        Assert.Equal(asOf, fit.GetProperty("asOf").GetDateTimeOffset());
        AssertRelative(expected.Parameters.R, fit.GetProperty("r").GetDouble());
        AssertRelative(expected.Parameters.Alpha, fit.GetProperty("alpha").GetDouble());
        AssertRelative(expected.Parameters.A, fit.GetProperty("a").GetDouble());
        AssertRelative(expected.Parameters.B, fit.GetProperty("b").GetDouble());
        AssertRelative(expected.LogLikelihood, fit.GetProperty("logLikelihood").GetDouble());

        // Customer reads now carry the model's figures, with the customer observed until now.
        var parameters = BgNbdParameters.Create(
            fit.GetProperty("r").GetDouble(), fit.GetProperty("alpha").GetDouble(), fit.GetProperty("a").GetDouble(), fit.GetProperty("b").GetDouble());
        foreach (var customer in accepted.Take(20))
        {
            var read = await server.Api.GetOkAsync($"/api/v1/customers/{customer.Key}", TestCredentials.StoreACredential);
            var outlook = RepurchaseOutlook.Of(parameters, customer.Select(purchase => purchase.OccurredAt), DateTimeOffset.UtcNow)!;
            Assert.Equal(outlook.ProbabilityAlive, read.GetProperty("pAlive").GetDouble(), 1e-4);
            Assert.Equal(outlook.ExpectedPurchases90d, read.GetProperty("expectedPurchases90d").GetDouble(), 1e-4);
        }

        var kpis = await server.Api.GetOkAsync("/api/v1/kpis", TestCredentials.OpsCredential);
        var forecast = kpis.GetProperty("repurchase");
        Assert.Equal(expected.Customers, forecast.GetProperty("customers").GetInt32());
        Assert.InRange(forecast.GetProperty("customersLikelyLost").GetInt64(), 0, expected.Customers);
        Assert.True(forecast.GetProperty("expectedPurchases90d").GetDouble() > forecast.GetProperty("expectedPurchases30d").GetDouble());
    }

    // The SQL and the domain sum the same summaries in different orders; the simplex may end a
    // hair apart, never further than its tolerance allows.
    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Abs(expected), $"expected {expected}, got {actual}");

    [Fact]
    public async Task Fitting_the_model_refuses_bad_requests_with_problems()
    {
        async Task ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                if (field is not null)
                {
                    Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
                }
            }
        }

        const string path = "/api/v1/model/fit";
        await ExpectProblem(await server.Api.PostAsync(path, new { asOf = "yesterday" }, TestCredentials.OpsCredential), HttpStatusCode.BadRequest, "asOf");
        await ExpectProblem(await server.Api.PostAsync(path, new { asOf = 12 }, TestCredentials.OpsCredential), HttpStatusCode.BadRequest, "asOf");
        await ExpectProblem(await server.Api.PostAsync(path, new { asOf = Times.Iso(DateTimeOffset.UtcNow.AddDays(2)) }, TestCredentials.OpsCredential), HttpStatusCode.BadRequest, "asOf");
        await ExpectProblem(await server.Api.PostRawAsync(path, "{\"asOf\":", TestCredentials.OpsCredential), HttpStatusCode.BadRequest);
        await ExpectProblem(await server.Api.PostRawAsync(path, "[]", TestCredentials.OpsCredential), HttpStatusCode.BadRequest);
        await ExpectProblem(await server.Api.PostAsync(path, new { asOf = "1970-01-02T00:00:00Z" }, TestCredentials.OpsCredential), HttpStatusCode.Conflict);
        await ExpectProblem(await server.Api.PostAsync(path, new { }, TestCredentials.StoreACredential), HttpStatusCode.Forbidden);
        await ExpectProblem(await server.Api.PostAsync(path, new { }, Credential.None), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void The_oracle_applies_the_window_and_the_multipliers()
    {
        var start = new DateTimeOffset(1997, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var history = new List<SamplePurchase>
        {
            new("x", "o1", start, 499.99m),
            new("x", "o2", start.AddDays(1), 1.00m),        // 499.99 before it: Member
            new("x", "o3", start.AddDays(2), 100.00m),      // 500.99: Silver, × 1.25
            new("x", "o4", start.AddDays(3), 1500.00m),     // 600.99: Silver
            new("x", "o5", start.AddDays(4), 10.00m),       // 2100.99: Gold, × 1.5
            new("x", "o6", start.AddDays(365), 10.00m),     // o1 at exactly t − 365 days still counts: 2110.99
            new("x", "o7", start.AddDays(366), 10.00m),     // o1 dropped out: 1621.00, Silver
        };

        var points = Oracle.PointsPerPurchase(history);

        Assert.Equal([499L, 1, 125, 1875, 15, 15, 12], history.Select(purchase => points[purchase.OrderId]));
    }

    private static List<SamplePurchase> ReadSample()
    {
        var rows = new List<SamplePurchase>();
        var indexInDay = new Dictionary<(string, string), int>();
        foreach (var line in File.ReadLines(Repository.Cdnow("CDNOW_sample.txt")))
        {
            var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 5)
            {
                continue;
            }

            var (customer, date) = (columns[0], columns[2]);
            var index = indexInDay[(customer, date)] = indexInDay.GetValueOrDefault((customer, date)) + 1;
            var day = DateTime.ParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture);
            // Same-day purchases a minute apart, in file order, so each is evaluated after the earlier ones.
            var occurredAt = new DateTimeOffset(day, TimeSpan.Zero).AddHours(12).AddMinutes(index);
            rows.Add(new SamplePurchase($"cdnow-{customer}", $"{customer}-{date}-{index}", occurredAt, decimal.Parse(columns[4], CultureInfo.InvariantCulture)));
        }

        // Each customer's purchases are posted in time order.
        return rows.OrderBy(row => row.CustomerId, StringComparer.Ordinal).ThenBy(row => row.OccurredAt).ToList();
    }
}

public sealed record SamplePurchase(string CustomerId, string OrderId, DateTimeOffset OccurredAt, decimal Amount)
{
    public object Body() => EventBodies.Purchase(OrderId, CustomerId, Amount, OccurredAt, market: "US");
}

/// <summary>rules.md's earning, written from the text alone (not from the domain's code).</summary>
internal static class Oracle
{
    public static Dictionary<string, long> PointsPerPurchase(IReadOnlyList<SamplePurchase> purchases)
    {
        var points = new Dictionary<string, long>();
        foreach (var purchase in purchases)
        {
            var windowStart = purchase.OccurredAt.AddDays(-365);
            var spend = purchases
                .Where(earlier => earlier.OccurredAt >= windowStart && earlier.OccurredAt < purchase.OccurredAt)
                .Sum(earlier => earlier.Amount);
            var multiplier = spend >= 5000m ? 2.0m : spend >= 2000m ? 1.5m : spend >= 500m ? 1.25m : 1.0m;
            // USD is the reporting currency at rate 1, so the reporting amount is the amount itself.
            points[purchase.OrderId] = (long)decimal.Floor(purchase.Amount * multiplier);
        }

        return points;
    }
}
