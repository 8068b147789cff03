using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Journaling;

/// <summary>
/// Writes an event's KPI changes compactly. One purchase changes about seventy counters: the same
/// metric and amount in each of four scopes and three buckets. Written one object per change that
/// is some 9 KB per purchase, thirty times the event itself, and every byte is serialized, logged
/// by PostgreSQL and parsed again by the projection. Here scopes and buckets are written once per
/// event as tables, and each metric, dimension and amount once, with the scopes × buckets it
/// applies to (or the (scope, bucket) pairs when they do not form such a product):
/// <code>{"s":["grid","storefront:a"],"b":["2026-01-01","all"],"c":[["orders",null,1,1,[0,1],[0,1]]]}</code>
/// The same set of changes reads back; their order may differ, which no fold depends on.
/// </summary>
public sealed class CompactKpiDeltasConverter : JsonConverter<IReadOnlyList<KpiDelta>>
{
    public override IReadOnlyList<KpiDelta> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            // One object per change, as KpiDelta serializes itself.
            return root.Deserialize<List<KpiDelta>>(options) ?? [];
        }

        var scopes = root.GetProperty("s").EnumerateArray().Select(scope => KpiScope.Parse(scope.GetString()!)).ToArray();
        var buckets = root.GetProperty("b").EnumerateArray().Select(bucket => ParseBucket(bucket.GetString())).ToArray();
        var deltas = new List<KpiDelta>();
        foreach (var change in root.GetProperty("c").EnumerateArray())
        {
            var metric = change[0].GetString()!;
            var dimension = change[1].ValueKind == JsonValueKind.Null ? null : change[1].GetString();
            var amount = change[2].GetDecimal();
            var samples = change[3].GetInt32();
            if (change.GetArrayLength() == 6)
            {
                foreach (var scope in change[4].EnumerateArray())
                {
                    foreach (var bucket in change[5].EnumerateArray())
                    {
                        deltas.Add(new KpiDelta(scopes[scope.GetInt32()], metric, buckets[bucket.GetInt32()], dimension, amount, samples));
                    }
                }
            }
            else
            {
                foreach (var pair in change[4].EnumerateArray())
                {
                    deltas.Add(new KpiDelta(scopes[pair[0].GetInt32()], metric, buckets[pair[1].GetInt32()], dimension, amount, samples));
                }
            }
        }

        return deltas;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<KpiDelta> value, JsonSerializerOptions options)
    {
        var scopes = new Dictionary<string, int>(StringComparer.Ordinal);
        var buckets = new Dictionary<string, int>(StringComparer.Ordinal);
        var changes = new Dictionary<(string Metric, string? Dimension, decimal Amount, int Samples), List<(int Scope, int Bucket)>>();
        foreach (var delta in value)
        {
            var scope = IndexOf(scopes, delta.Scope.Key);
            var bucket = IndexOf(buckets, delta.Bucket.Key);
            var key = (delta.Metric, delta.Dimension, delta.Amount, delta.Samples);
            if (!changes.TryGetValue(key, out var pairs))
            {
                changes.Add(key, pairs = []);
            }

            pairs.Add((scope, bucket));
        }

        writer.WriteStartObject();
        WriteTable(writer, "s", scopes);
        WriteTable(writer, "b", buckets);
        writer.WriteStartArray("c");
        foreach (var ((metric, dimension, amount, samples), pairs) in changes)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(metric);
            if (dimension is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(dimension);
            }

            writer.WriteNumberValue(amount);
            writer.WriteNumberValue(samples);
            var scopeSet = pairs.Select(pair => pair.Scope).Distinct().ToList();
            var bucketSet = pairs.Select(pair => pair.Bucket).Distinct().ToList();
            if (pairs.Count == scopeSet.Count * bucketSet.Count && pairs.Distinct().Count() == pairs.Count)
            {
                WriteIndices(writer, scopeSet);
                WriteIndices(writer, bucketSet);
            }
            else
            {
                writer.WriteStartArray();
                foreach (var (scope, bucket) in pairs)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(scope);
                    writer.WriteNumberValue(bucket);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static int IndexOf(Dictionary<string, int> table, string key)
    {
        if (!table.TryGetValue(key, out var index))
        {
            table.Add(key, index = table.Count);
        }

        return index;
    }

    private static void WriteTable(Utf8JsonWriter writer, string name, Dictionary<string, int> table)
    {
        writer.WriteStartArray(name);
        foreach (var key in table.OrderBy(entry => entry.Value).Select(entry => entry.Key))
        {
            writer.WriteStringValue(key);
        }

        writer.WriteEndArray();
    }

    private static void WriteIndices(Utf8JsonWriter writer, List<int> indices)
    {
        writer.WriteStartArray();
        foreach (var index in indices)
        {
            writer.WriteNumberValue(index);
        }

        writer.WriteEndArray();
    }

    private static KpiBucket ParseBucket(string? key) =>
        KpiBucket.TryParse(key, out var bucket) ? bucket : throw new JsonException($"'{key}' is not a KPI bucket.");
}
