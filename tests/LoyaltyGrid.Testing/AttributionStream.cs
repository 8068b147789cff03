namespace LoyaltyGrid.Testing;

/// <summary>
/// A randomized, shuffled stream of visits and purchases for attribution tests: sessions visited
/// several times with different (and differently spelt) channels, campaigns and experiment
/// variants, visits carrying earlier times than ones already sent, purchases before their
/// session's visit, purchases of sessions never visited and purchases without a session.
/// </summary>
public static class AttributionStream
{
    public const string Experiment = "Checkout-Test";

    /// <summary>Visits and purchases in the order to send them; purchase amounts are in USD, the reporting currency.</summary>
    public static IReadOnlyList<object> Generate(int seed, string storefront, DateTimeOffset now, int sessions = 60, int purchases = 90, string prefix = "attr")
    {
        var random = new Random(seed);
        string?[] channels = [null, "email", "EMAIL", "ads", "social", "Social"];
        string?[] campaigns = [null, null, "spring-sale", "summer", "Summer"];
        string[] markets = ["DE", "FR", "JP"];
        // Two to three weeks back, in whole minutes, so visits tie and months change inside the stream.
        var origin = now.AddDays(-20);
        DateTimeOffset VisitTime() => new DateTimeOffset(origin.UtcDateTime.Date, TimeSpan.Zero).AddMinutes(random.Next(0, 19 * 24 * 60 / 30) * 30);
        var events = new List<object>();
        for (var session = 0; session < sessions; session++)
        {
            var id = $"{prefix}-s{session}";
            // Some sessions are only ever purchased with, never visited.
            var visits = session % 10 == 9 ? 0 : random.Next(1, 4);
            for (var visit = 0; visit < visits; visit++)
            {
                var inExperiment = random.Next(3) > 0;
                var variant = random.Next(2) == 0 ? "control" : "B";
                events.Add(new AttributionOracle.Visit(storefront, id, VisitTime(), markets[random.Next(markets.Length)],
                    channels[random.Next(channels.Length)], campaigns[random.Next(campaigns.Length)],
                    inExperiment ? (random.Next(2) == 0 ? Experiment : Experiment.ToLowerInvariant()) : null, inExperiment ? variant : null));
            }
        }

        // Purchases at distinct seconds, so each session's first purchase is unambiguous.
        var seconds = Enumerable.Range(0, 19 * 24 * 3600).OrderBy(_ => random.Next()).Take(purchases).ToList();
        for (var purchase = 0; purchase < purchases; purchase++)
        {
            var session = random.Next(4) == 0 ? null : $"{prefix}-s{random.Next(sessions)}";
            var at = new DateTimeOffset(origin.UtcDateTime.Date, TimeSpan.Zero).AddSeconds(seconds[purchase]);
            events.Add(new AttributionOracle.Purchase(storefront, $"{prefix}-c{random.Next(25)}", $"{prefix}-o{purchase}", at,
                markets[random.Next(markets.Length)], random.Next(100, 20000) / 100m, session));
        }

        return [.. events.OrderBy(_ => random.Next())];
    }
}
