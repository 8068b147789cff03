using System.Globalization;
using System.Text.RegularExpressions;

namespace LoyaltyGrid.Server.Api.Validation;

/// <summary>
/// Event times: ISO-8601 / RFC 3339 date and time with an explicit offset. A time without an
/// offset is refused rather than assumed to be UTC, because guessing the zone of a storefront's
/// clock would silently move purchases across tier and expiry boundaries.
/// </summary>
public static partial class Timestamps
{
    public const string Rule = "must be an ISO-8601 date and time with an offset, e.g. 2026-11-22T10:00:00Z or 2026-11-22T11:00:00+01:00";

    /// <summary>
    /// The range an event may fall in. Far-off dates are typos, and the rules compute windows
    /// of a year either side of an event, which must stay representable.
    /// </summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool TryParse(string text, out DateTimeOffset value, out string? problem)
    {
        value = default;
        if (!Shape().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            problem = Rule;
            return false;
        }

        if (parsed < Earliest || parsed >= Latest)
        {
            problem = $"must be from {Earliest:yyyy-MM-dd} to before {Latest:yyyy-MM-dd}";
            return false;
        }

        value = parsed;
        problem = null;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
