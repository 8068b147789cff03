using Microsoft.Net.Http.Headers;

namespace LoyaltyGrid.Server.Board;

/// <summary>
/// The languages the wall speaks (one message catalogue each, Board/i18n/&lt;tag&gt;.json) and how
/// a request picks one (api.md, "Operations"): <c>?lang=</c>, else the browser's
/// <c>Accept-Language</c> in its order of preference, else English.
/// </summary>
public static class BoardLanguages
{
    public const string Default = "en";

    /// <summary>The catalogues, by the tag the page and Intl use.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["en", "zh-CN", "zh-TW", "ja", "de", "es"];

    // Chinese is written in two scripts; a browser may name the script (zh-Hant) or only a region.
    private static readonly HashSet<string> TraditionalChineseRegions = new(StringComparer.OrdinalIgnoreCase) { "TW", "HK", "MO" };

    /// <summary>The language for <paramref name="requested"/> (the <c>lang</c> query value) and <paramref name="acceptLanguage"/>.</summary>
    public static string Choose(string? requested, IEnumerable<StringWithQualityHeaderValue> acceptLanguage)
    {
        ArgumentNullException.ThrowIfNull(acceptLanguage);
        if (Match(requested) is { } chosen)
        {
            return chosen;
        }

        // Highest quality first; among equals the browser's order (OrderByDescending is stable). q=0 means "not this one".
        foreach (var candidate in acceptLanguage.Where(value => (value.Quality ?? 1) > 0).OrderByDescending(value => value.Quality ?? 1))
        {
            if (Match(candidate.Value.Value) is { } match)
            {
                return match;
            }
        }

        return Default;
    }

    /// <summary>
    /// The supported language a BCP 47 tag falls under (<c>de-AT</c> is <c>de</c>, <c>zh-Hant</c> and
    /// <c>zh-HK</c> are <c>zh-TW</c>, other Chinese is <c>zh-CN</c>), or null when there is none.
    /// </summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var parts = tag.Trim().Replace('_', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        var primary = parts[0].ToLowerInvariant();
        if (primary == "zh")
        {
            var traditional = parts.Skip(1).Any(part => part.Equals("Hant", StringComparison.OrdinalIgnoreCase) || TraditionalChineseRegions.Contains(part));
            var simplified = parts.Skip(1).Any(part => part.Equals("Hans", StringComparison.OrdinalIgnoreCase));
            return traditional && !simplified ? "zh-TW" : "zh-CN";
        }

        return Supported.FirstOrDefault(language => language.Equals(primary, StringComparison.Ordinal));
    }
}
