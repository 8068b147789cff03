using System.Globalization;
using System.Text.Json;

namespace LoyaltyGrid.Cli.Bench;

/// <summary>Purchase bodies written straight to UTF-8, so the load generator spends its CPU on sending, not on building objects.</summary>
public static class PurchaseJson
{
    public static byte[] Single(string orderId, string customerId, decimal amount, DateTimeOffset occurredAt)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, orderId, customerId, amount, occurredAt, withType: false);
        }

        return buffer.ToArray();
    }

    public static byte[] Batch(IEnumerable<(string OrderId, string CustomerId, decimal Amount)> purchases, DateTimeOffset occurredAt)
    {
        using var buffer = new MemoryStream(64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("events");
            foreach (var (orderId, customerId, amount) in purchases)
            {
                Write(writer, orderId, customerId, amount, occurredAt, withType: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, string orderId, string customerId, decimal amount, DateTimeOffset occurredAt, bool withType)
    {
        writer.WriteStartObject();
        if (withType)
        {
            writer.WriteString("type", "purchase");
        }

        writer.WriteString("orderId", orderId);
        writer.WriteString("customerId", customerId);
        writer.WriteNumber("amount", amount);
        writer.WriteString("currency", "USD");
        writer.WriteString("market", "US");
        writer.WriteString("occurredAt", occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
    }

    /// <summary>How many results of a batch answer were 2xx, and the first failing status if any.</summary>
    public static (int Ok, int Total, int? FirstFailure) CountResults(JsonElement body)
    {
        var ok = 0;
        var total = 0;
        int? firstFailure = null;
        foreach (var result in body.GetProperty("results").EnumerateArray())
        {
            total++;
            var status = result.GetProperty("status").GetInt32();
            if (status is >= 200 and < 300)
            {
                ok++;
            }
            else
            {
                firstFailure ??= status;
            }
        }

        return (ok, total, firstFailure);
    }
}
