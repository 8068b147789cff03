using LoyaltyGrid.Domain.Insight;

namespace LoyaltyGrid.Domain.Tests.Insight;

public class SessionAttributionTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 31, 22, 0, 0, TimeSpan.Zero);

    private sealed record Visit(DateTimeOffset At, string Market, string? Channel, string? Campaign, string? Experiment, string? Variant);

    private static Dictionary<AttributionCell, AttributionFigures> Sum(IEnumerable<AttributionDelta> deltas)
    {
        var totals = new Dictionary<AttributionCell, AttributionFigures>();
        foreach (var delta in deltas)
        {
            totals[delta.Cell] = totals.GetValueOrDefault(delta.Cell) + delta.Change;
        }

        return totals.Where(pair => !pair.Value.IsZero).ToDictionary();
    }

    private static AttributionFigures Figures(IReadOnlyDictionary<AttributionCell, AttributionFigures> totals, string dimension, string key, string scope = "grid", string bucket = "all", string variant = "") =>
        totals.GetValueOrDefault(new AttributionCell(dimension, key, variant, scope, bucket));

    [Fact]
    public void A_session_without_a_channel_is_direct_and_without_a_campaign_has_none()
    {
        var session = SessionAttribution.Empty("s1").WithVisit(Start, "DE", null, null, null, null);

        var totals = Sum(SessionAttribution.Diff(null, session));

        Assert.Equal(new AttributionFigures(1, 0, 0, 0), Figures(totals, "channel", "direct"));
        Assert.Equal(new AttributionFigures(1, 0, 0, 0), Figures(totals, "campaign", ""));
        // Four scopes × all-time and the month, for each of channel and campaign.
        Assert.Equal(16, totals.Count);
        Assert.Equal(new AttributionFigures(1, 0, 0, 0), Figures(totals, "channel", "direct", "storefront-market:s1|DE", "2026-03"));
    }

    [Fact]
    public void A_purchase_before_the_visit_moves_with_the_session_when_the_visit_names_the_channel()
    {
        var purchased = SessionAttribution.Empty("s1").WithOrder(new AttributedOrder("c:1#1", Start, "DE", 40m));
        var visited = purchased.WithVisit(Start.AddMinutes(-5), "DE", "email", "spring", null, null);

        var totals = Sum([.. SessionAttribution.Diff(null, purchased), .. SessionAttribution.Diff(purchased, visited)]);

        Assert.Equal(default, Figures(totals, "channel", "direct"));
        Assert.Equal(new AttributionFigures(1, 1, 1, 40m), Figures(totals, "channel", "email"));
        Assert.Equal(new AttributionFigures(1, 1, 1, 40m), Figures(totals, "campaign", "spring"));
    }

    [Fact]
    public void The_earliest_visit_carrying_a_channel_wins_even_when_it_arrives_last()
    {
        var first = SessionAttribution.Empty("s1").WithVisit(Start, "DE", "ads", null, "exp1", "b");
        var second = first.WithVisit(Start.AddHours(-1), "DE", "email", null, "exp1", "a");
        var third = second.WithVisit(Start.AddHours(1), "DE", "social", null, "exp1", "c");

        Assert.Equal("email", third.Channel!.Value);
        Assert.Equal("a", third.Experiments["exp1"].Value);
        Assert.Null(third.Campaign);
        var totals = Sum([.. SessionAttribution.Diff(null, first), .. SessionAttribution.Diff(first, second), .. SessionAttribution.Diff(second, third)]);
        Assert.Equal(new AttributionFigures(1, 0, 0, 0), Figures(totals, "channel", "email"));
        Assert.Equal(default, Figures(totals, "channel", "ads"));
        Assert.Equal(new AttributionFigures(1, 0, 0, 0), Figures(totals, "experiment", "exp1", variant: "a"));
        Assert.Equal(default, Figures(totals, "experiment", "exp1", variant: "b"));
    }

    [Fact]
    public void A_visit_without_a_channel_does_not_take_away_the_channel_a_later_visit_gave()
    {
        var session = SessionAttribution.Empty("s1")
            .WithVisit(Start, "DE", "ads", "c1", null, null)
            .WithVisit(Start.AddHours(-1), "FR", null, null, null, null);

        Assert.Equal("ads", session.Channel!.Value);
        Assert.Equal(new AttributionVisit(Start.AddHours(-1), "FR"), session.FirstVisit);
    }

    [Fact]
    public void An_order_without_a_session_is_direct_with_no_campaign_in_the_month_of_its_time()
    {
        var totals = Sum(SessionAttribution.DirectOrder("s1", "JP", Start.AddHours(3), 12.5m));

        Assert.Equal(new AttributionFigures(0, 0, 1, 12.5m), Figures(totals, "channel", "direct", "market:JP", "2026-04"));
        Assert.Equal(new AttributionFigures(0, 0, 1, 12.5m), Figures(totals, "campaign", "", "storefront:s1", "all"));
        Assert.Equal(16, totals.Count);
    }

    [Fact]
    public void The_same_purchase_twice_counts_once()
    {
        var order = new AttributedOrder("c:1#1", Start, "DE", 40m);
        var once = SessionAttribution.Empty("s1").WithOrder(order);

        Assert.Same(once, once.WithOrder(order));
        Assert.Empty(SessionAttribution.Diff(once, once.WithOrder(order)));
    }

    /// <summary>
    /// Randomized: a session's visits and purchases applied in any order, each event journaling
    /// the difference, add up to what an independent reading of the whole set says, in every cell.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Differences_in_any_order_add_up_to_the_oracle(int seed)
    {
        var random = new Random(seed);
        string?[] channels = [null, "email", "ads", "social"];
        string?[] campaigns = [null, "spring", "summer"];
        string[] markets = ["DE", "FR"];
        for (var round = 0; round < 200; round++)
        {
            // Whole minutes within a few hours around a month boundary, so ties and month changes both happen.
            DateTimeOffset At() => Start.AddMinutes(random.Next(0, 240));
            var visits = Enumerable.Range(0, random.Next(0, 5))
                .Select(_ => random.Next(3) == 0
                    ? new Visit(At(), markets[random.Next(2)], channels[random.Next(4)], campaigns[random.Next(3)], "exp", random.Next(2) == 0 ? "a" : "b")
                    : new Visit(At(), markets[random.Next(2)], channels[random.Next(4)], campaigns[random.Next(3)], null, null))
                .ToList();
            var orders = Enumerable.Range(0, random.Next(0, 4))
                .Select(index => new AttributedOrder($"c:{round}#{index}", At(), markets[random.Next(2)], random.Next(1, 10000) / 100m))
                .ToList();
            var events = visits.Cast<object>().Concat(orders).OrderBy(_ => random.Next()).ToList();
            // Some purchases are delivered twice, as the conversion projection may.
            events.AddRange(orders.Where(_ => random.Next(4) == 0));

            var session = SessionAttribution.Empty("s1");
            var deltas = new List<AttributionDelta>();
            foreach (var item in events)
            {
                var next = item switch
                {
                    Visit visit => session.WithVisit(visit.At, visit.Market, visit.Channel, visit.Campaign, visit.Experiment, visit.Variant),
                    AttributedOrder order => session.WithOrder(order),
                    _ => throw new InvalidOperationException(),
                };
                deltas.AddRange(SessionAttribution.Diff(session, next));
                session = next;
            }

            Assert.Equal(Oracle("s1", visits, orders).OrderBy(Describe), Sum(deltas).OrderBy(Describe));
        }
    }

    private static string Describe(KeyValuePair<AttributionCell, AttributionFigures> pair) => pair.ToString();

    /// <summary>The spec read directly: earliest visit carrying a value (ties: smaller value), conversion at the earliest purchase.</summary>
    private static Dictionary<AttributionCell, AttributionFigures> Oracle(string storefront, List<Visit> visits, List<AttributedOrder> orders)
    {
        static string? EarliestOf(IEnumerable<(DateTimeOffset At, string? Value)> candidates) =>
            candidates.Where(candidate => candidate.Value is not null).OrderBy(candidate => candidate.At).ThenBy(candidate => candidate.Value, StringComparer.Ordinal).Select(candidate => candidate.Value).FirstOrDefault();

        var channel = EarliestOf(visits.Select(visit => (visit.At, visit.Channel))) ?? "direct";
        var campaign = EarliestOf(visits.Select(visit => (visit.At, visit.Campaign))) ?? "";
        var variant = EarliestOf(visits.Where(visit => visit.Experiment is not null).Select(visit => (visit.At, visit.Variant)));
        var totals = new Dictionary<AttributionCell, AttributionFigures>();
        void Count(string market, DateTimeOffset at, AttributionFigures figures)
        {
            string[] scopes = ["grid", $"storefront:{storefront}", $"market:{market}", $"storefront-market:{storefront}|{market}"];
            foreach (var scope in scopes)
            {
                foreach (var bucket in new[] { "all", at.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) })
                {
                    Add(new AttributionCell("channel", channel, "", scope, bucket));
                    Add(new AttributionCell("campaign", campaign, "", scope, bucket));
                }

                if (variant is not null)
                {
                    Add(new AttributionCell("experiment", "exp", variant, scope, "all"));
                }
            }

            void Add(AttributionCell cell) => totals[cell] = totals.GetValueOrDefault(cell) + figures;
        }

        if (visits.Count > 0)
        {
            var first = visits.OrderBy(visit => visit.At).ThenBy(visit => visit.Market, StringComparer.Ordinal).First();
            Count(first.Market, first.At, new AttributionFigures(1, 0, 0, 0));
        }

        var distinct = orders.DistinctBy(order => order.Source).ToList();
        if (distinct.Count > 0)
        {
            var first = distinct.OrderBy(order => order.At).ThenBy(order => order.Source, StringComparer.Ordinal).First();
            Count(first.Market, first.At, new AttributionFigures(0, 1, 0, 0));
        }

        foreach (var order in distinct)
        {
            Count(order.Market, order.At, new AttributionFigures(0, 0, 1, order.Amount));
        }

        return totals.Where(pair => !pair.Value.IsZero).ToDictionary();
    }
}
