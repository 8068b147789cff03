using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// One set of KPI totals: the grid, a storefront, a market, or a storefront × market. The
/// <see cref="Key"/> ("grid", "storefront:{s}", "market:{m}", "storefront-market:{s}|{m}") is
/// what a scope grain is keyed by and how the scope is written in JSON.
/// </summary>
[JsonConverter(typeof(KpiScopeJsonConverter))]
public sealed record KpiScope
{
    private const string GridKey = "grid";
    private const string StorefrontPrefix = "storefront:";
    private const string MarketPrefix = "market:";
    private const string StorefrontMarketPrefix = "storefront-market:";

    private KpiScope(string key) => Key = key;

    public string Key { get; }

    public static KpiScope Grid { get; } = new(GridKey);

    public static KpiScope Storefront(string storefront)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storefront);
        return new(StorefrontPrefix + storefront);
    }

    public static KpiScope Market(string market)
    {
        CheckMarket(market);
        return new(MarketPrefix + market);
    }

    public static KpiScope StorefrontMarket(string storefront, string market)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storefront);
        CheckMarket(market);
        return new($"{StorefrontMarketPrefix}{storefront}|{market}");
    }

    /// <summary>
    /// The scopes an event of <paramref name="storefront"/> in <paramref name="market"/> counts
    /// in. What is not known is left out rather than the event lost: without a market (a
    /// complaint of a customer who never bought) it counts for the grid and its storefront,
    /// without a storefront (points of a customer with no purchase yet) for the grid and the market.
    /// </summary>
    public static IReadOnlyList<KpiScope> For(string? storefront, string? market) => (storefront, market) switch
    {
        (null, null) => [Grid],
        (null, not null) => [Grid, Market(market)],
        (not null, null) => [Grid, Storefront(storefront)],
        _ => [Grid, Storefront(storefront), Market(market), StorefrontMarket(storefront, market)],
    };

    /// <summary>The scope a KPI read asks for: either filter may be absent, both absent is the grid.</summary>
    public static KpiScope Of(string? storefront, string? market) =>
        (string.IsNullOrEmpty(storefront), string.IsNullOrEmpty(market)) switch
        {
            (true, true) => Grid,
            (false, true) => Storefront(storefront!),
            (true, false) => Market(market!),
            _ => StorefrontMarket(storefront!, market!),
        };

    public static bool TryParse(string? key, out KpiScope scope)
    {
        var parsed = FromKey(key);
        scope = parsed ?? Grid;
        return parsed is not null;
    }

    public static KpiScope Parse(string key) =>
        TryParse(key, out var scope) ? scope : throw new FormatException($"'{key}' is not a KPI scope.");

    public override string ToString() => Key;

    private static KpiScope? FromKey(string? key)
    {
        if (key == GridKey)
        {
            return Grid;
        }

        if (Strip(key, StorefrontMarketPrefix) is { } pair)
        {
            // The market is an ISO code, so the last '|' is the separator even if a storefront id has one.
            var bar = pair.LastIndexOf('|');
            return bar > 0 && IsValidPart(pair[..bar]) && IsValidPart(pair[(bar + 1)..]) ? new(key!) : null;
        }

        if (Strip(key, StorefrontPrefix) is { } storefront)
        {
            return IsValidPart(storefront) ? new(key!) : null;
        }

        return Strip(key, MarketPrefix) is { } market && IsValidPart(market) && !market.Contains('|', StringComparison.Ordinal)
            ? new(key!)
            : null;
    }

    private static string? Strip(string? key, string prefix) =>
        key?.StartsWith(prefix, StringComparison.Ordinal) == true ? key[prefix.Length..] : null;

    private static bool IsValidPart(string part) => !string.IsNullOrWhiteSpace(part);

    private static void CheckMarket(string market)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(market);
        if (market.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A market code cannot contain '|'.", nameof(market));
        }
    }
}

public sealed class KpiScopeJsonConverter : JsonConverter<KpiScope>
{
    public override KpiScope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KpiScope.TryParse(reader.GetString(), out var scope)
            ? scope
            : throw new JsonException($"'{reader.GetString()}' is not a KPI scope.");

    public override void Write(Utf8JsonWriter writer, KpiScope value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Key);
    }
}
