using System.Globalization;

namespace LoyaltyGrid.Journal.Tests;

/// <summary>Journal entries for tests: payloads of about the size real events have.</summary>
internal static class Entries
{
    private static readonly DateTimeOffset Moment = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static JournalAppend Entry(string stream, long sequence, string? eventId = null, string? payload = null) => new(
        stream,
        sequence,
        eventId ?? $"purchase:{stream}/{sequence.ToString(CultureInfo.InvariantCulture)}",
        "purchase",
        Moment,
        Moment.AddSeconds(1),
        payload ?? $$$"""{"shop":"shop-7","order":"{{{stream}}}-{{{sequence}}}","amount":{"value":42.50,"currency":"EUR"},"items":3,"decided":{"points":42,"tier":"gold","campaigns":["spring","double-points"]}}""");

    public static JournalAppend[] Run(string stream, long first, int count) =>
        [.. Enumerable.Range(0, count).Select(offset => Entry(stream, first + offset))];
}
