using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>
/// A parsed YAML value with the path it was found at, so that a failed expectation names the
/// place in the file. Merge keys (<c>&lt;&lt;: *anchor</c>) are resolved, duplicate keys refused,
/// and every scalar stays a string, as compose and Kubernetes receive it before their own typing.
/// </summary>
internal sealed class YamlNode(object? value, string path)
{
    public string Path { get; } = path;

    public bool IsMap => value is IDictionary<object, object>;

    public bool IsSequence => value is IList<object>;

    public bool IsNull => value is null;

    public YamlNode this[string key] => Get(key) ?? throw new KeyNotFoundException($"{Path}.{key} is missing.");

    public YamlNode? Get(string key)
    {
        var map = AsMap();
        return map.TryGetValue(key, out var child) ? new YamlNode(child, $"{Path}.{key}") : null;
    }

    public bool Has(string key) => Get(key) is not null;

    public string Text => value switch
    {
        string text => text,
        null => throw new InvalidOperationException($"{Path} is empty, not a scalar."),
        _ => throw new InvalidOperationException($"{Path} is a {Describe()}, not a scalar."),
    };

    public int Int => int.TryParse(Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
        ? number
        : throw new InvalidOperationException($"{Path} is '{Text}', not an integer.");

    public IReadOnlyList<YamlNode> Items => value is IList<object> list
        ? list.Select((item, index) => new YamlNode(item, $"{Path}[{index}]")).ToList()
        : throw new InvalidOperationException($"{Path} is a {Describe()}, not a sequence.");

    public IReadOnlyList<(string Key, YamlNode Value)> Entries =>
        AsMap().Select(entry => ((string)entry.Key, new YamlNode(entry.Value, $"{Path}.{entry.Key}"))).ToList();

    /// <summary>A map of scalars, such as labels or a ConfigMap's data.</summary>
    public Dictionary<string, string> Strings() => Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Text, StringComparer.Ordinal);

    public override string ToString() => $"{Path} ({Describe()})";

    public static IReadOnlyList<YamlNode> LoadAll(string file)
    {
        var deserializer = new DeserializerBuilder().WithDuplicateKeyChecking().Build();
        using var reader = new StringReader(File.ReadAllText(file));
        var parser = new MergingParser(new Parser(reader));
        parser.Consume<StreamStart>();
        var documents = new List<YamlNode>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(new YamlNode(deserializer.Deserialize<object?>(parser), $"{System.IO.Path.GetFileName(file)}#{documents.Count}"));
        }

        return documents;
    }

    public static YamlNode Load(string file) => LoadAll(file).Single();

    private IDictionary<object, object> AsMap() => value as IDictionary<object, object>
        ?? throw new InvalidOperationException($"{Path} is a {Describe()}, not a map.");

    private string Describe() => value switch
    {
        null => "null",
        string => "scalar",
        IDictionary<object, object> => "map",
        IList<object> => "sequence",
        _ => value.GetType().Name,
    };
}
