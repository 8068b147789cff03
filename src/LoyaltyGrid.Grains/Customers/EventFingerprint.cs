using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// A digest of an event's content that ignores spelling differences of the same value
/// (59.9 and 59.90; one instant written with two offsets), so a retry is recognised as the
/// same event and a reused id with other content is not.
/// </summary>
public static class EventFingerprint
{
    private static readonly JsonSerializerOptions Canonical = new()
    {
        Converters = { new NormalizedDecimalConverter(), new UtcInstantConverter() },
    };

    public static string Of<T>(T content) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(content, Canonical)));

    private sealed class NormalizedDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        // "G29" drops trailing zeros: 59.90m and 59.9m print alike.
        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString("G29", CultureInfo.InvariantCulture));
    }

    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.UtcTicks);
    }
}
