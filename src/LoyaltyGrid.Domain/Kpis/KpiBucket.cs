using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Kpis;

// AllTime is first so that default(KpiBucket) is the all-time bucket, not a day in year 1.
public enum KpiBucketKind
{
    AllTime,
    Month,
    Day,
    /// <summary>Gauges: counts as of now (lifecycle, tiers, open complaints, points outstanding).</summary>
    Now,
}

/// <summary>
/// Where a number is counted in time: the UTC day or month of the event's <c>occurredAt</c>,
/// all time, or "now" for gauges. Written as its <see cref="Key"/> ("2026-11-22", "2026-11",
/// "all", "now") in JSON, so deltas and stored state stay compact and readable in SQL.
/// </summary>
[JsonConverter(typeof(KpiBucketJsonConverter))]
public readonly record struct KpiBucket
{
    private const string AllTimeKey = "all";
    private const string NowKey = "now";
    private const string DayFormat = "yyyy-MM-dd";
    private const string MonthFormat = "yyyy-MM";

    private KpiBucket(KpiBucketKind kind, DateOnly start)
    {
        Kind = kind;
        Start = start;
    }

    public KpiBucketKind Kind { get; }

    /// <summary>The first UTC day of a day or month bucket; default for all-time and now.</summary>
    public DateOnly Start { get; }

    public static KpiBucket AllTime => default;

    public static KpiBucket Now { get; } = new(KpiBucketKind.Now, default);

    public static KpiBucket Day(DateOnly day) => new(KpiBucketKind.Day, day);

    public static KpiBucket Month(int year, int month) => new(KpiBucketKind.Month, new DateOnly(year, month, 1));

    public static KpiBucket DayOf(DateTimeOffset instant) => Day(DateOnly.FromDateTime(instant.UtcDateTime));

    public static KpiBucket MonthOf(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return Month(utc.Year, utc.Month);
    }

    /// <summary>The three event-time buckets an event at <paramref name="occurredAt"/> counts in.</summary>
    public static IReadOnlyList<KpiBucket> EventBuckets(DateTimeOffset occurredAt) =>
        [DayOf(occurredAt), MonthOf(occurredAt), AllTime];

    public string Key => Kind switch
    {
        KpiBucketKind.AllTime => AllTimeKey,
        KpiBucketKind.Now => NowKey,
        KpiBucketKind.Month => Start.ToString(MonthFormat, CultureInfo.InvariantCulture),
        KpiBucketKind.Day => Start.ToString(DayFormat, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"Unknown bucket kind {Kind}."),
    };

    public static bool TryParse(string? key, out KpiBucket bucket)
    {
        bucket = default;
        switch (key)
        {
            case AllTimeKey:
                return true;
            case NowKey:
                bucket = Now;
                return true;
            case { Length: 7 } when DateOnly.TryParseExact(key, MonthFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month):
                bucket = new KpiBucket(KpiBucketKind.Month, month);
                return true;
            case { Length: 10 } when DateOnly.TryParseExact(key, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day):
                bucket = Day(day);
                return true;
            default:
                return false;
        }
    }

    public static KpiBucket Parse(string key) =>
        TryParse(key, out var bucket) ? bucket : throw new FormatException($"'{key}' is not a KPI bucket.");

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (cohort offsets).</summary>
    public static int MonthsBetween(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month;

    public override string ToString() => Key;
}

public sealed class KpiBucketJsonConverter : JsonConverter<KpiBucket>
{
    public override KpiBucket Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KpiBucket.TryParse(reader.GetString(), out var bucket)
            ? bucket
            : throw new JsonException($"'{reader.GetString()}' is not a KPI bucket.");

    public override void Write(Utf8JsonWriter writer, KpiBucket value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Key);
    }
}
