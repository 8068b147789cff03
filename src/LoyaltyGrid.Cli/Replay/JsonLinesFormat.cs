using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Cli.Replay;

/// <summary>
/// JSON lines (docs/cli.md): one <c>events:batch</c> entry per line, exactly as the API takes it;
/// a missing <c>type</c> means purchase, a missing id is derived from the content.
/// </summary>
public sealed class JsonLinesFormat(Func<TextReader> open, Func<double> fraction, ReplayDefaults defaults) : TextSource(open, fraction)
{
    private readonly StableIds _ids = new(defaults.IdPrefix);

    protected override IEnumerable<ReplayEvent> ReadLine(string line, int lineNumber)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            yield break;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"line {lineNumber}: not JSON ({ex.Message}).", ex);
        }

        yield return node is JsonObject entry
            ? EventFields.Complete(entry, defaults, _ids)
            : throw new FormatException($"line {lineNumber}: each line must be one JSON object.");
    }
}
