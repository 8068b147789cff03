using System.Collections.Concurrent;
using LoyaltyGrid.Server.Auth;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// Keeps one label's values to a bounded set: the first <c>max</c> distinct values seen keep
/// their own series for the life of the process, later ones are reported as <see cref="Other"/>.
/// First come rather than re-ranked on every refresh, so that a series never changes its meaning
/// between two scrapes.
/// </summary>
public sealed class LabelLimiter(int max)
{
    public const string Other = "other";

    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count => _admitted.Count;

    /// <summary>The label value to report for <paramref name="value"/>: itself, or <see cref="Other"/>.</summary>
    public string Admit(string value)
    {
        if (_admitted.ContainsKey(value))
        {
            return value;
        }

        // A real storefront called "other" would be indistinguishable from the folded rest.
        if (value == Other)
        {
            return Other;
        }

        lock (_gate)
        {
            if (_admitted.ContainsKey(value))
            {
                return value;
            }

            if (_admitted.Count >= max)
            {
                return Other;
            }

            _admitted[value] = true;
            return value;
        }
    }
}

/// <summary>The limiters of the labels whose values are not a fixed set: storefront, market and channel.</summary>
public sealed class ObservabilityLabels
{
    public ObservabilityLabels(IOptions<ObservabilityOptions> options, IOptions<AuthOptions> auth)
    {
        var max = options.Value.MaxLabelValues;
        Storefronts = new LabelLimiter(max);
        Markets = new LabelLimiter(max);
        Channels = new LabelLimiter(max);
        // Configured storefronts are the ones operators watch; they get their own series before
        // anything seen in the data can take the places.
        foreach (var storefront in auth.Value.ApiKeys
            .Where(key => key.Role == Roles.Storefront && !string.IsNullOrEmpty(key.Storefront))
            .Select(key => key.Storefront!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal))
        {
            Storefronts.Admit(storefront);
        }
    }

    public LabelLimiter Storefronts { get; }

    public LabelLimiter Markets { get; }

    /// <summary>Attribution channels (<c>loyaltygrid_kpi_channel_*</c>): ids the storefronts' visits choose.</summary>
    public LabelLimiter Channels { get; }
}
