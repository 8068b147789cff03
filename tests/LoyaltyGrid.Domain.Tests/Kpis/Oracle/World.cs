using LoyaltyGrid.Domain.Complaints;

namespace LoyaltyGrid.Domain.Tests.Kpis.Oracle;

/// <summary>
/// A few months of a small grid: customers buying in several storefronts and markets, sessions
/// with repeated and converting visits, refunds, reviews, complaints answered late or never,
/// redemptions, and customers who only complained. Events arrive shuffled, parents first.
/// </summary>
internal sealed class World
{
    public static readonly DateTimeOffset Now = new(2026, 5, 20, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = Now.AddMinutes(-1);
    private static readonly string[] Storefronts = ["s1", "s2", "s3"];
    private static readonly string[] Markets = ["DE", "FR", "US"];
    private static readonly ComplaintCategory[] Categories = Enum.GetValues<ComplaintCategory>();

    private readonly Random _random;
    private readonly List<WorldEvent> _events = [];
    private int _next;

    private World(int seed) => _random = new Random(seed);

    /// <summary>Events in arrival order, each with the server time it was accepted at.</summary>
    public IReadOnlyList<(WorldEvent Event, DateTimeOffset AcceptedAt)> Arrivals { get; private set; } = [];

    public static World Generate(int seed)
    {
        var world = new World(seed);
        world.Populate();
        world.Arrivals = world.Shuffled();
        return world;
    }

    private void Populate()
    {
        var customers = Enumerable.Range(1, 12).Select(i => $"c{i:00}").ToList();
        var favourites = customers.ToDictionary(c => c, _ => (Storefront: Pick(Storefronts), Market: Pick(Markets)));
        foreach (var customer in customers)
        {
            for (var i = _random.Next(1, 8); i > 0; i--)
            {
                var place = _random.Next(10) < 7 ? favourites[customer] : (Storefront: Pick(Storefronts), Market: Pick(Markets));
                Buy(customer, place.Storefront, place.Market, Time(), null);
            }
        }

        for (var i = 0; i < 40; i++)
        {
            var (storefront, market, sessionId) = (Pick(Storefronts), Pick(Markets), $"v{i:00}");

            // Every fourth session spans midnight with a visit and a purchase on each side of it,
            // so when the later one arrives first, the earlier one moves the session a day back.
            if (i % 4 == 0)
            {
                var midnight = Midnight(Time());
                foreach (var at in new[] { midnight.AddMinutes(-_random.Next(1, 20)), midnight.AddMinutes(_random.Next(0, 20)) })
                {
                    _events.Add(new Visited(Id("visit"), storefront, sessionId, market, at));
                    Buy(Pick(customers), storefront, market, at.AddSeconds(30), sessionId);
                }

                continue;
            }

            var begins = Time().AddHours(-2);
            for (var visits = _random.Next(0, 4); visits > 0; visits--)
            {
                _events.Add(new Visited(Id("visit"), storefront, sessionId, market, begins.AddMinutes(_random.Next(0, 40))));
            }

            for (var buys = _random.Next(10) < 5 ? _random.Next(1, 3) : 0; buys > 0; buys--)
            {
                Buy(Pick(customers), storefront, market, begins.AddMinutes(_random.Next(5, 90)), sessionId);
            }
        }

        foreach (var order in _events.OfType<Bought>().ToList())
        {
            Aftermath(order);
        }

        foreach (var prospect in new[] { "p01", "p02" })
        {
            for (var i = _random.Next(1, 3); i > 0; i--)
            {
                Complain(prospect, Pick(Storefronts), null, Time());
            }
        }

        foreach (var customer in customers)
        {
            for (var i = _random.Next(0, 4); i > 0; i--)
            {
                _events.Add(new Redeemed(Id("redemption"), customer, Pick(Storefronts), favourites[customer].Market, _random.Next(10, 400)));
            }
        }
    }

    private void Buy(string customer, string storefront, string market, DateTimeOffset at, string? sessionId) =>
        _events.Add(new Bought(Id("order"), customer, storefront, market, at, Cents(500, 90_000), sessionId));

    private void Aftermath(Bought order)
    {
        if (_random.Next(10) < 3)
        {
            var first = Math.Max(0.01m, decimal.Round(order.Amount * (decimal)(0.1 + 0.9 * _random.NextDouble()), 2));
            _events.Add(new Refunded(Id("refund"), order.Customer, order.Id, Later(order.At, TimeSpan.FromDays(20)), first));
            var left = order.Amount - first;
            if (left > 0 && _random.Next(10) < 3)
            {
                var second = Math.Max(0.01m, decimal.Round(left * (decimal)_random.NextDouble(), 2));
                _events.Add(new Refunded(Id("refund"), order.Customer, order.Id, Later(order.At, TimeSpan.FromDays(30)), second));
            }
        }

        for (var reviews = _random.Next(10) < 4 ? _random.Next(1, 3) : 0; reviews > 0; reviews--)
        {
            _events.Add(new Reviewed(
                Id("review"), order.Customer, order.Id, order.Storefront, order.Market, _random.Next(1, 6), Later(order.At, TimeSpan.FromDays(10))));
        }

        if (_random.Next(4) == 0)
        {
            Complain(order.Customer, order.Storefront, order.Market, Later(order.At, TimeSpan.FromDays(5)));
        }
    }

    // Answers come early, late (past the 24 h and 72 h targets), twice, or never.
    private void Complain(string customer, string storefront, string? market, DateTimeOffset at)
    {
        var complaint = new Complained(Id("complaint"), customer, storefront, market, Pick(Categories), at);
        _events.Add(complaint);
        Answer(complaint, resolves: false, chance: 75, maxHours: 48);
        Answer(complaint, resolves: false, chance: 20, maxHours: 60);
        Answer(complaint, resolves: true, chance: 60, maxHours: 120);
    }

    private void Answer(Complained complaint, bool resolves, int chance, double maxHours)
    {
        var at = complaint.At.AddHours(0.1 + _random.NextDouble() * maxHours);
        if (_random.Next(100) < chance && at <= Latest)
        {
            _events.Add(new Answered(Id("answer"), complaint.Customer, complaint.Id, resolves, at));
        }
    }

    // Arrival keys are random, a child's never below its parent's, so parents arrive first and
    // everything else in any order; acceptance times then run up to Now, 17 s apart.
    private List<(WorldEvent, DateTimeOffset)> Shuffled()
    {
        var keys = new Dictionary<string, double>();
        foreach (var e in _events)
        {
            var key = _random.NextDouble();
            keys[e.Id] = e.Parent is { } parent ? Math.Max(key, keys[parent]) : key;
        }

        var ordered = _events.Select((e, index) => (e, index)).OrderBy(x => keys[x.e.Id]).ThenBy(x => x.index).Select(x => x.e).ToList();
        return [.. ordered.Select((e, i) => (e, Now.AddSeconds(-17 * (ordered.Count - 1 - i))))];
    }

    // A fifth of all times fall today and another fifth this month, so today's and this month's
    // buckets are busy; some land exactly on midnight or just before, where buckets split.
    private DateTimeOffset Time()
    {
        var today = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero);
        var from = _random.Next(10) switch
        {
            < 2 => today,
            < 4 => new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero),
            _ => Start,
        };
        var at = from.AddSeconds(_random.NextDouble() * (Latest - from).TotalSeconds);
        return _random.Next(10) switch
        {
            0 => Midnight(at),
            1 => Midnight(at).AddSeconds(-1),
            _ => at,
        };
    }

    private static DateTimeOffset Midnight(DateTimeOffset at) => new(at.UtcDateTime.Date, TimeSpan.Zero);

    private DateTimeOffset Later(DateTimeOffset after, TimeSpan within)
    {
        var at = after.AddSeconds(_random.NextDouble() * within.TotalSeconds);
        return at <= Latest ? at : after;
    }

    private decimal Cents(int min, int max) => _random.Next(min, max) / 100m;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Id(string kind) => $"{kind}-{_next++}";
}
