using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Domain.Insight;

/// <summary>A value a visit set, and the visit's time: the earliest visit carrying one wins.</summary>
public sealed record Attributed(string Value, DateTimeOffset At)
{
    /// <summary>
    /// Earlier wins; at the same instant the ordinally smaller value, so the outcome depends on
    /// the set of visits only and never on the order they arrived in.
    /// </summary>
    public static Attributed? Earliest(Attributed? current, Attributed candidate) =>
        current is null || candidate.At < current.At || (candidate.At == current.At && string.CompareOrdinal(candidate.Value, current.Value) < 0)
            ? candidate
            : current;
}

/// <summary>The session's earliest visit (its time and market), which places its visit count.</summary>
public sealed record AttributionVisit(DateTimeOffset At, string Market);

/// <summary>A purchase that carried the session; <see cref="Source"/> identifies it (its journal stream and sequence).</summary>
public sealed record AttributedOrder(string Source, DateTimeOffset At, string Market, decimal Amount);

/// <summary>
/// What a session knows for attribution: its earliest visit, the channel, campaign and
/// experiment variants of the earliest visits carrying them, and every purchase that carried it.
/// Its <see cref="Contribution"/> is where the session counts; an event that changes the session
/// journals <see cref="Diff"/> of the contribution before and after, so a late visit that moves
/// the session to another channel takes its visit, conversion, orders and revenue from the old
/// channel and gives them to the new one, never counting them twice (the technique of
/// <see cref="KpiMembership"/>).
/// </summary>
/// <remarks>
/// Visits count in the scope of the earliest visit's market and the month of its time,
/// convertedSessions in those of the earliest purchase, orders and revenue in those of each
/// purchase; the same places the session's visits and convertedSessions take in the KPI snapshot.
/// Experiments count all-time only: their endpoint reads no month.
/// </remarks>
public sealed record SessionAttribution
{
    public string Storefront { get; init; } = "";

    public AttributionVisit? FirstVisit { get; init; }

    public Attributed? Channel { get; init; }

    public Attributed? Campaign { get; init; }

    /// <summary>Experiment id → its variant.</summary>
    public IReadOnlyDictionary<string, Attributed> Experiments { get; init; } = new Dictionary<string, Attributed>();

    public IReadOnlyList<AttributedOrder> Orders { get; init; } = [];

    public static SessionAttribution Empty(string storefront) => new() { Storefront = storefront };

    /// <summary>The session after a visit; ids are expected lower-case already (the API reports them so).</summary>
    public SessionAttribution WithVisit(DateTimeOffset at, string market, string? channel, string? campaign, string? experiment, string? variant)
    {
        var experiments = Experiments;
        if (experiment is not null && variant is not null)
        {
            var chosen = Attributed.Earliest(Experiments.GetValueOrDefault(experiment), new Attributed(variant, at));
            if (!ReferenceEquals(chosen, Experiments.GetValueOrDefault(experiment)))
            {
                experiments = new Dictionary<string, Attributed>(Experiments, StringComparer.Ordinal) { [experiment] = chosen! };
            }
        }

        return this with
        {
            // The same tie-break as attribution: among visits at one instant, the smaller market, so the outcome is order-independent.
            FirstVisit = FirstVisit is null || at < FirstVisit.At || (at == FirstVisit.At && string.CompareOrdinal(market, FirstVisit.Market) < 0)
                ? new AttributionVisit(at, market)
                : FirstVisit,
            Channel = channel is null ? Channel : Attributed.Earliest(Channel, new Attributed(channel, at)),
            Campaign = campaign is null ? Campaign : Attributed.Earliest(Campaign, new Attributed(campaign, at)),
            Experiments = experiments,
        };
    }

    /// <summary>The session after a purchase that carried it; a purchase already known changes nothing.</summary>
    public SessionAttribution WithOrder(AttributedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Orders.Any(known => known.Source == order.Source) ? this : this with { Orders = [.. Orders, order] };
    }

    /// <summary>Whether two states count the same everywhere (then nothing needs journaling).</summary>
    public bool SameAs(SessionAttribution other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Storefront == other.Storefront && FirstVisit == other.FirstVisit && Channel == other.Channel && Campaign == other.Campaign
            && Orders.Count == other.Orders.Count
            && Experiments.Count == other.Experiments.Count && Experiments.All(pair => other.Experiments.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    /// <summary>Where this session counts, and how much.</summary>
    public IReadOnlyDictionary<AttributionCell, AttributionFigures> Contribution()
    {
        var cells = new Dictionary<AttributionCell, AttributionFigures>();
        var channel = Channel?.Value ?? AttributionDimensions.Direct;
        var campaign = Campaign?.Value ?? AttributionDimensions.NoCampaign;
        if (FirstVisit is { } visit)
        {
            var one = new AttributionFigures(1, 0, 0, 0);
            AddGroups(cells, channel, campaign, visit.Market, visit.At, one);
            foreach (var (experiment, variant) in Experiments)
            {
                AddExperiment(cells, experiment, variant.Value, visit.Market, one);
            }
        }

        if (Orders.Count == 0)
        {
            return cells;
        }

        var first = Orders.OrderBy(order => order.At).ThenBy(order => order.Source, StringComparer.Ordinal).First();
        var converted = new AttributionFigures(0, 1, 0, 0);
        AddGroups(cells, channel, campaign, first.Market, first.At, converted);
        foreach (var (experiment, variant) in Experiments)
        {
            AddExperiment(cells, experiment, variant.Value, first.Market, converted);
        }

        foreach (var order in Orders)
        {
            var figures = new AttributionFigures(0, 0, 1, order.Amount);
            AddGroups(cells, channel, campaign, order.Market, order.At, figures);
            foreach (var (experiment, variant) in Experiments)
            {
                AddExperiment(cells, experiment, variant.Value, order.Market, figures);
            }
        }

        return cells;
    }

    /// <summary>What a purchase without a session adds: an order under <c>direct</c> and no campaign.</summary>
    public static IReadOnlyList<AttributionDelta> DirectOrder(string storefront, string market, DateTimeOffset at, decimal amount)
    {
        var cells = new Dictionary<AttributionCell, AttributionFigures>();
        AddGroups(cells, storefront, AttributionDimensions.Direct, AttributionDimensions.NoCampaign, market, at, new AttributionFigures(0, 0, 1, amount));
        return [.. cells.Select(pair => new AttributionDelta(pair.Key, pair.Value))];
    }

    /// <summary>The change from <paramref name="before"/>'s contribution to <paramref name="after"/>'s, cells that did not change left out.</summary>
    public static IReadOnlyList<AttributionDelta> Diff(SessionAttribution? before, SessionAttribution after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var old = before?.Contribution() ?? new Dictionary<AttributionCell, AttributionFigures>();
        var now = after.Contribution();
        var deltas = new List<AttributionDelta>();
        foreach (var cell in old.Keys.Union(now.Keys))
        {
            var change = now.GetValueOrDefault(cell) - old.GetValueOrDefault(cell);
            if (!change.IsZero)
            {
                deltas.Add(new AttributionDelta(cell, change));
            }
        }

        return deltas;
    }

    private void AddGroups(Dictionary<AttributionCell, AttributionFigures> cells, string channel, string campaign, string market, DateTimeOffset at, AttributionFigures figures) =>
        AddGroups(cells, Storefront, channel, campaign, market, at, figures);

    private static void AddGroups(Dictionary<AttributionCell, AttributionFigures> cells, string storefront, string channel, string campaign, string market, DateTimeOffset at, AttributionFigures figures)
    {
        string[] buckets = [KpiBucket.AllTime.Key, KpiBucket.MonthOf(at).Key];
        foreach (var scope in KpiScope.For(storefront, market))
        {
            foreach (var bucket in buckets)
            {
                Add(cells, new AttributionCell(AttributionDimensions.Channel, channel, "", scope.Key, bucket), figures);
                Add(cells, new AttributionCell(AttributionDimensions.Campaign, campaign, "", scope.Key, bucket), figures);
            }
        }
    }

    private void AddExperiment(Dictionary<AttributionCell, AttributionFigures> cells, string experiment, string variant, string market, AttributionFigures figures)
    {
        foreach (var scope in KpiScope.For(Storefront, market))
        {
            Add(cells, new AttributionCell(AttributionDimensions.Experiment, experiment, variant, scope.Key, KpiBucket.AllTime.Key), figures);
        }
    }

    private static void Add(Dictionary<AttributionCell, AttributionFigures> cells, AttributionCell cell, AttributionFigures figures) =>
        cells[cell] = cells.GetValueOrDefault(cell) + figures;
}
