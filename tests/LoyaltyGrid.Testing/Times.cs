using System.Globalization;

namespace LoyaltyGrid.Testing;

public static class Times
{
    /// <summary>
    /// An instant some hours before the real clock, which the server also reads: recent enough
    /// that points earned then have not expired, in the past so rules see it as history.
    /// </summary>
    public static DateTimeOffset HoursAgo(double hours)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddHours(-hours);
    }

    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal);
}
