using System.Globalization;
using System.Text.Json;

namespace LoyaltyGrid.Cli.Simulate;

/// <summary>
/// A small shop world that decides what happens next: shoppers visit and some buy, earlier buyers
/// come back, some orders are refunded, complained about (then answered and resolved) or reviewed,
/// customers refer friends and redeem points. Decisions come from a seeded random source; follow-ups
/// are only scheduled after the server accepted what they follow, as in a real shop.
/// Thread-safe: answers arrive on many threads.
/// </summary>
public sealed class TrafficModel
{
    public static readonly IReadOnlyList<string> Kinds =
        ["visit", "purchase", "refund", "complaint", "complaint-response", "complaint-resolution", "review", "survey", "referral", "redemption"];

    /// <summary>What customers also do once a reward is on offer (<see cref="OfferReward"/>): claim it and use the coupon at checkout.</summary>
    public static readonly IReadOnlyList<string> RewardKinds = ["claim", "coupon-redemption"];

    /// <summary>The complaints of <see cref="ComplaintSpike"/>, counted apart from the everyday ones.</summary>
    public const string SpikeKind = "spike-complaint";

    /// <summary>The spike is this share of the orders accepted in the last five minutes, and at least <see cref="MinimumSpike"/>.</summary>
    public const double SpikeShare = 0.3;
    public const int MinimumSpike = 25;

    private static readonly TimeSpan RecentOrders = TimeSpan.FromMinutes(5);

    private static readonly (string Market, string Currency, decimal Low, decimal High, int Decimals)[] Markets =
    [
        ("US", "USD", 8, 250, 2), ("DE", "EUR", 8, 220, 2), ("FR", "EUR", 8, 200, 2), ("GB", "GBP", 6, 180, 2),
        ("JP", "JPY", 1000, 30000, 0), ("CN", "CNY", 50, 1500, 2), ("CA", "CAD", 10, 300, 2), ("AU", "AUD", 10, 320, 2),
    ];

    /// <summary>The experiment every simulated visit is assigned in, and the conversion of its two variants.</summary>
    public const string Experiment = "checkout-2026";
    public const string ExperimentControl = "control";
    public const string ExperimentTreatment = "one-page";
    public const double ControlConversion = 0.20;
    public const double TreatmentConversion = 0.32;

    private static readonly string?[] Channels = [null, null, "email", "ads", "ads", "social", "affiliate"];

    // How much likelier than a direct session a session of each channel is to buy: mailed regulars
    // most, social browsers least, so the channel report has differences to show.
    private static readonly Dictionary<string, double> ChannelConversion = new(StringComparer.Ordinal)
    {
        ["direct"] = 1.0, ["email"] = 1.6, ["ads"] = 0.8, ["social"] = 0.45, ["affiliate"] = 1.25,
    };

    private static readonly string[] Campaigns = ["winter-sale", "new-year", "loyalty-week"];

    private static readonly string[] ComplaintCategories = ["logistics", "quality", "not-as-described", "return-refund", "payment", "service"];

    private readonly Lock _gate = new();
    private readonly Random _random;

    // Attribution draws from a source of its own, so a seed gives the same shop traffic it gave before visits carried channels.
    private readonly Random _attribution;
    private readonly string _run;
    private readonly int _storefronts;
    private readonly TimeProvider _time;
    private readonly List<Customer> _customers = [];
    private readonly Queue<(Order Order, long AcceptedAt)> _recentOrders = new();
    private readonly PriorityQueue<SimulatedRequest, long> _followUps = new();
    private readonly long _startTicks;
    private long _counter;
    private (string Id, long PointsCost)? _reward;

    public TrafficModel(int seed, string run, int storefronts, TimeProvider time)
    {
        _random = new Random(seed);
        _attribution = new Random(unchecked(seed * 31 + 17));
        _run = run;
        _storefronts = storefronts;
        _time = time;
        _startTicks = time.GetTimestamp();
    }

    /// <summary>From now on customers with enough points also claim this reward and redeem its coupons.</summary>
    public void OfferReward(string rewardId, long pointsCost)
    {
        lock (_gate)
        {
            _reward = (rewardId, pointsCost);
        }
    }

    /// <summary>The next request: a follow-up that is due, else something new.</summary>
    public SimulatedRequest Next()
    {
        lock (_gate)
        {
            var now = Now();
            if (_followUps.TryPeek(out _, out var due) && due <= now)
            {
                return _followUps.Dequeue();
            }

            var roll = _random.NextDouble();
            return roll switch
            {
                < 0.50 => Visit(),
                < 0.86 => Purchase(PickCustomer(repeatShare: 0.7), sessionId: null),
                < 0.92 => Referral(),
                < 0.96 => Redemption() ?? Purchase(PickCustomer(repeatShare: 0.7), sessionId: null),
                _ => Claim() ?? Redemption() ?? Purchase(PickCustomer(repeatShare: 0.7), sessionId: null),
            };
        }
    }

    private SimulatedRequest Visit()
    {
        var sessionId = NewId("s");
        var customer = _random.NextDouble() < 0.6 && _customers.Count > 0 ? PickCustomer(repeatShare: 1) : null;
        var market = Markets[_random.Next(Markets.Length)].Market;
        var storefront = customer?.Storefront ?? _random.Next(_storefronts);
        // A null channel leaves the session direct; campaigns come with the paid and mailed channels.
        var channel = Channels[_attribution.Next(Channels.Length)];
        var campaign = channel is "email" or "ads" && _attribution.NextDouble() < 0.6 ? Campaigns[_attribution.Next(Campaigns.Length)] : null;
        var variant = _attribution.NextDouble() < 0.5 ? ExperimentControl : ExperimentTreatment;
        // Decided now from the attribution source, so the n-th visit of a seed converts or not
        // whatever the answers' timing: the experiment's result is the seed's.
        var converts = _attribution.NextDouble() < ConversionOf(channel, variant);
        return new SimulatedRequest("visit", "/api/v1/visits",
            new { sessionId, customerId = customer?.Id, market, occurredAt = Timestamp(), channel, campaign, experiment = Experiment, variant },
            storefront,
            _ =>
            {
                // About a quarter of sessions end in a purchase a little later, in the same session.
                if (converts)
                {
                    lock (_gate)
                    {
                        var buyer = customer ?? NewCustomer(storefront);
                        Later(Purchase(buyer, sessionId), 0.2, 2);
                    }
                }
            });
    }

    /// <summary>
    /// The chance that a session buys: its variant's rate (the treatment really converts better, so
    /// the experiment has a lift to show) times its channel's factor (null is direct).
    /// </summary>
    public static double ConversionOf(string? channel, string variant) =>
        (variant == ExperimentTreatment ? TreatmentConversion : ControlConversion) * ChannelConversion[channel ?? "direct"];

    /// <summary>
    /// The complaint spike of <c>--spike complaints</c>: complaints about the orders accepted in the
    /// last five minutes, newest first, one for <see cref="SpikeShare"/> of them (at least
    /// <see cref="MinimumSpike"/>, going round again when there are fewer orders), mostly about
    /// delivery and all angry. They stay open: nobody answers during the incident.
    /// </summary>
    public IReadOnlyList<SimulatedRequest> ComplaintSpike()
    {
        lock (_gate)
        {
            ForgetOldOrders();
            var orders = _recentOrders.Select(entry => entry.Order).Reverse().ToList();
            if (orders.Count == 0)
            {
                // Nothing bought yet: the complaints come from customers without naming an order.
                orders.Add(new Order("", PickCustomer(repeatShare: 1), 0, "USD", 2));
            }

            var size = Math.Max(MinimumSpike, (int)Math.Ceiling(SpikeShare * _recentOrders.Count));
            return [.. Enumerable.Range(0, size).Select(i =>
            {
                var order = orders[i % orders.Count];
                return new SimulatedRequest(SpikeKind, "/api/v1/complaints",
                    new
                    {
                        complaintId = NewId("k"), customerId = order.Customer.Id, orderId = order.Id.Length == 0 ? null : order.Id,
                        category = _random.NextDouble() < 0.8 ? "logistics" : "not-as-described", occurredAt = Timestamp(),
                        note = FeedbackTexts.Pick(FeedbackTexts.SpikeNotes, FeedbackTexts.Negative, _random),
                    },
                    order.Customer.Storefront);
            })];
        }
    }

    private void ForgetOldOrders()
    {
        var horizon = Now() - RecentOrders.Ticks;
        while (_recentOrders.TryPeek(out var oldest) && (oldest.AcceptedAt < horizon || _recentOrders.Count > 20_000))
        {
            _recentOrders.Dequeue();
        }
    }

    private SimulatedRequest Purchase(Customer customer, string? sessionId)
    {
        var (market, currency, low, high, decimals) = customer.Market;
        var amount = Math.Round(low + (high - low) * (decimal)Math.Pow(_random.NextDouble(), 2), decimals, MidpointRounding.AwayFromZero);
        var orderId = NewId("o");
        var order = new Order(orderId, customer, amount, currency, decimals);
        return new SimulatedRequest("purchase", "/api/v1/purchases",
            new { orderId, customerId = customer.Id, amount, currency, market, occurredAt = Timestamp(), sessionId },
            customer.Storefront,
            body =>
            {
                lock (_gate)
                {
                    customer.Balance = Balance(body, customer.Balance);
                    _recentOrders.Enqueue((order, Now()));
                    ForgetOldOrders();
                    var roll = _random.NextDouble();
                    if (roll < 0.06)
                    {
                        Later(Refund(order), 0.5, 3);
                    }
                    else if (roll < 0.11)
                    {
                        Later(Complaint(order), 0.5, 3);
                    }

                    if (_random.NextDouble() < 0.15)
                    {
                        Later(Review(order), 0.5, 4);
                    }

                    // Some buyers answer the survey sent after checkout: how likely they are to
                    // recommend the shop (NPS), or how satisfied they were (CSAT), with a comment.
                    var survey = _random.NextDouble();
                    if (survey < 0.10)
                    {
                        Later(Survey(order, "nps"), 1, 5);
                    }
                    else if (survey < 0.16)
                    {
                        Later(Survey(order, "csat"), 1, 5);
                    }
                }
            });
    }

    private SimulatedRequest Refund(Order order)
    {
        var full = _random.NextDouble() < 0.5;
        var amount = full ? order.Amount : Math.Max(Math.Round(order.Amount * (decimal)(0.2 + 0.6 * _random.NextDouble()), order.Decimals, MidpointRounding.ToZero), order.Decimals == 0 ? 1 : 0.01m);
        return new SimulatedRequest("refund", "/api/v1/refunds",
            new { refundId = NewId("r"), orderId = order.Id, customerId = order.Customer.Id, amount, occurredAt = Timestamp() },
            order.Customer.Storefront,
            body => Update(order.Customer, body));
    }

    private SimulatedRequest Complaint(Order order)
    {
        var complaintId = NewId("k");
        var customer = order.Customer;
        return new SimulatedRequest("complaint", "/api/v1/complaints",
            new { complaintId, customerId = customer.Id, orderId = order.Id, category = ComplaintCategories[_random.Next(ComplaintCategories.Length)], occurredAt = Timestamp(), note = FeedbackTexts.Pick(FeedbackTexts.Reviews, FeedbackTexts.Negative, _random) },
            customer.Storefront,
            _ =>
            {
                lock (_gate)
                {
                    if (_random.NextDouble() < 0.9)
                    {
                        Later(ComplaintStep("complaint-response", "response", complaintId, customer, resolveAfter: _random.NextDouble() < 0.8), 0.5, 3);
                    }
                }
            });
    }

    private SimulatedRequest ComplaintStep(string kind, string step, string complaintId, Customer customer, bool resolveAfter) =>
        new(kind, $"/api/v1/complaints/{complaintId}/{step}", new { customerId = customer.Id, occurredAt = Timestamp() }, customer.Storefront,
            _ =>
            {
                if (resolveAfter)
                {
                    lock (_gate)
                    {
                        Later(ComplaintStep("complaint-resolution", "resolution", complaintId, customer, resolveAfter: false), 0.5, 3);
                    }
                }
            });

    private SimulatedRequest Review(Order order)
    {
        var rating = Rating();
        return new("review", "/api/v1/reviews",
            new
            {
                reviewId = NewId("v"), customerId = order.Customer.Id, orderId = order.Id, rating, occurredAt = Timestamp(),
                text = FeedbackTexts.Pick(FeedbackTexts.Reviews, FeedbackTexts.MoodOfRating(rating), _random),
            },
            order.Customer.Storefront,
            body => Update(order.Customer, body));
    }

    private SimulatedRequest Survey(Order order, string kind)
    {
        var score = kind == "nps" ? NpsScore() : Rating();
        var mood = kind == "nps" ? FeedbackTexts.MoodOfNps(score) : FeedbackTexts.MoodOfRating(score);
        return new("survey", "/api/v1/surveys",
            new
            {
                responseId = NewId("n"), customerId = order.Customer.Id, orderId = order.Id, kind, score,
                comment = FeedbackTexts.Pick(FeedbackTexts.SurveyComments, mood, _random), occurredAt = Timestamp(),
            },
            order.Customer.Storefront);
    }

    private SimulatedRequest Referral()
    {
        if (_customers.Count == 0)
        {
            return Purchase(PickCustomer(repeatShare: 0), sessionId: null);
        }

        var referrer = PickCustomer(repeatShare: 1);
        var referee = NewCustomer(referrer.Storefront);
        return new SimulatedRequest("referral", "/api/v1/referrals",
            new { referralId = NewId("f"), referrerId = referrer.Id, refereeId = referee.Id, occurredAt = Timestamp() },
            referrer.Storefront,
            _ =>
            {
                lock (_gate)
                {
                    if (_random.NextDouble() < 0.7)
                    {
                        Later(Purchase(referee, sessionId: null), 0.5, 3);
                    }
                }
            });
    }

    private SimulatedRequest? Redemption()
    {
        // A look at a few customers rather than all of them, so a long soak's growing population costs nothing here.
        var customer = _customers.Count == 0
            ? null
            : Enumerable.Range(0, 32).Select(_ => _customers[_random.Next(_customers.Count)]).FirstOrDefault(candidate => candidate.Balance >= 40);
        if (customer is null)
        {
            return null;
        }

        var points = Math.Max(10, customer.Balance / 2);
        customer.Balance -= points;
        return new SimulatedRequest("redemption", $"/api/v1/customers/{customer.Id}/redemptions",
            new { redemptionId = NewId("d"), points }, customer.Storefront, body => Update(customer, body));
    }

    private SimulatedRequest? Claim()
    {
        if (_reward is not { } reward || _customers.Count == 0)
        {
            return null;
        }

        var customer = Enumerable.Range(0, 32).Select(_ => _customers[_random.Next(_customers.Count)]).FirstOrDefault(candidate => candidate.Balance >= reward.PointsCost);
        if (customer is null)
        {
            return null;
        }

        customer.Balance -= reward.PointsCost;
        return new SimulatedRequest("claim", $"/api/v1/customers/{customer.Id}/claims",
            new { claimId = NewId("k"), rewardId = reward.Id }, customer.Storefront, body =>
            {
                Update(customer, body);
                lock (_gate)
                {
                    // Most coupons are used at a checkout a little later.
                    if (body.TryGetProperty("couponCode", out var code) && code.GetString() is { } couponCode && _random.NextDouble() < 0.7)
                    {
                        Later(new SimulatedRequest("coupon-redemption", $"/api/v1/coupons/{couponCode}/redemptions",
                            new { orderId = NewId("o") }, customer.Storefront), 0.3, 2);
                    }
                }
            });
    }

    private Customer PickCustomer(double repeatShare)
    {
        if (_customers.Count > 0 && _random.NextDouble() < repeatShare)
        {
            // Earlier customers come back more often: a few loyal regulars, a long tail of occasional ones.
            return _customers[(int)(_customers.Count * Math.Pow(_random.NextDouble(), 2))];
        }

        return NewCustomer(_random.Next(_storefronts));
    }

    private Customer NewCustomer(int storefront)
    {
        var customer = new Customer(NewId("c"), storefront, Markets[_random.Next(Markets.Length)]);
        _customers.Add(customer);
        return customer;
    }

    private void Update(Customer customer, JsonElement body)
    {
        lock (_gate)
        {
            customer.Balance = Balance(body, customer.Balance);
        }
    }

    private static long Balance(JsonElement body, long fallback) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("balance", out var balance) && balance.TryGetInt64(out var value) ? value : fallback;

    private int Rating() => _random.NextDouble() switch
    {
        < 0.05 => 1,
        < 0.12 => 2,
        < 0.25 => 3,
        < 0.55 => 4,
        _ => 5,
    };

    // Mostly promoters, as a shop's loyal buyers are, but with passives and a tail of detractors.
    private int NpsScore() => _random.NextDouble() switch
    {
        < 0.25 => 10,
        < 0.45 => 9,
        < 0.60 => 8,
        < 0.72 => 7,
        var roll => (int)((roll - 0.72) / 0.28 * 7),
    };

    private void Later(SimulatedRequest request, double minSeconds, double maxSeconds) =>
        _followUps.Enqueue(request, Now() + (long)(TimeSpan.TicksPerSecond * (minSeconds + (maxSeconds - minSeconds) * _random.NextDouble())));

    private long Now() => _time.GetElapsedTime(_startTicks).Ticks;

    private string NewId(string kind) => string.Create(CultureInfo.InvariantCulture, $"sim-{_run}-{kind}{++_counter}");

    private string Timestamp() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class Customer(string id, int storefront, (string, string, decimal, decimal, int) market)
    {
        public string Id { get; } = id;

        public int Storefront { get; } = storefront;

        public (string Market, string Currency, decimal Low, decimal High, int Decimals) Market { get; } = market;

        public long Balance { get; set; }
    }

    private sealed record Order(string Id, Customer Customer, decimal Amount, string Currency, int Decimals);
}
