namespace LoyaltyGrid.Domain.Tiers;

/// <summary>
/// Tier as of an instant t: the highest tier whose threshold the net spend of the entries in
/// [t − window, t) reaches. An entry at exactly t − window still counts; an entry at t does not,
/// which is what keeps a purchase from lifting its own multiplier.
/// </summary>
public sealed class TierPolicy
{
    private readonly TierTable _table;
    private readonly TimeSpan _window;

    public TierPolicy(TierTable table, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _table = table;
        _window = window;
    }

    public TierPolicy(LoyaltyRules rules)
        : this((rules ?? throw new ArgumentNullException(nameof(rules))).Tiers, rules.TierWindow)
    {
    }

    public Tier TierFor(decimal netSpend)
    {
        var tier = Tier.Member;
        foreach (var candidate in Enum.GetValues<Tier>())
        {
            if (netSpend >= _table.RuleOf(candidate).Threshold)
            {
                tier = candidate;
            }
        }

        return tier;
    }

    public decimal MultiplierOf(Tier tier) => _table.RuleOf(tier).Multiplier;

    /// <summary>floor(reportingAmount × multiplier): fractions of a point are never owed.</summary>
    public long PointsFor(decimal reportingAmount, Tier tier) =>
        (long)decimal.Floor(reportingAmount * MultiplierOf(tier));

    public decimal NetSpendAsOf(IEnumerable<SpendEntry> spend, DateTimeOffset asOf)
    {
        var from = asOf - _window;
        return spend.Where(e => e.OccurredAt >= from && e.OccurredAt < asOf).Sum(e => e.Amount);
    }

    public Tier TierAsOf(IEnumerable<SpendEntry> spend, DateTimeOffset asOf) =>
        TierFor(NetSpendAsOf(spend, asOf));

    /// <summary>
    /// The first instant after <paramref name="now"/> at which the tier differs from the tier
    /// as of now (typically a downgrade as spend ages out of the window), or null if it never
    /// changes with the entries known today.
    /// </summary>
    public DateTimeOffset? NextChangeAfter(IEnumerable<SpendEntry> spend, DateTimeOffset now)
    {
        // An entry at e counts for every t in (e, e + window]; so the spend changes only one
        // tick after e (entering) and one tick after e + window (leaving). Sweeping those
        // instants in order avoids re-summing the window for each candidate.
        var entries = spend.ToList();
        var netSpend = NetSpendAsOf(entries, now);
        var current = TierFor(netSpend);
        var changes = entries
            .SelectMany(e => new[]
            {
                (At: e.OccurredAt.JustAfter(), Delta: e.Amount),
                (At: (e.OccurredAt + _window).JustAfter(), Delta: -e.Amount),
            })
            .Where(change => change.At > now)
            .GroupBy(change => change.At)
            .OrderBy(group => group.Key);

        foreach (var group in changes)
        {
            netSpend += group.Sum(change => change.Delta);
            if (TierFor(netSpend) != current)
            {
                return group.Key;
            }
        }

        return null;
    }
}
