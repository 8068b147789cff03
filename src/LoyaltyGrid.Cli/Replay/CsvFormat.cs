using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Cli.Replay;

/// <summary>
/// Generic CSV (docs/cli.md): a header row naming API fields (any case, <c>_</c> or <c>-</c>
/// allowed: <c>customer_id</c> is <c>customerId</c>), then one event per row; RFC 4180 quoting;
/// empty cells are left out; a missing <c>type</c> means purchase.
/// </summary>
public sealed class CsvFormat(Func<TextReader> open, Func<double> fraction, ReplayDefaults defaults) : TextSource(open, fraction)
{
    private readonly StableIds _ids = new(defaults.IdPrefix);
    private IReadOnlyList<string>? _header;

    protected override IEnumerable<ReplayEvent> ReadLine(string line, int lineNumber)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            yield break;
        }

        var cells = Split(line, lineNumber);
        if (_header is null)
        {
            _header = cells.Select(EventFields.CanonicalName).ToList();
            yield break;
        }

        if (cells.Count != _header.Count)
        {
            throw new FormatException($"line {lineNumber}: {cells.Count} cells, but the header names {_header.Count} columns.");
        }

        var entry = new JsonObject();
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Length == 0)
            {
                continue;
            }

            var name = _header[i];
            entry[name] = EventFields.Numeric.Contains(name) && decimal.TryParse(cells[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(cells[i]);
        }

        yield return EventFields.Complete(entry, defaults, _ids);
    }

    /// <summary>Splits one CSV line: commas separate, double quotes enclose, <c>""</c> inside quotes is a quote.</summary>
    public static IReadOnlyList<string> Split(string line, int lineNumber)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"line {lineNumber}: a quoted cell is not closed (cells cannot span lines).");
        }

        cells.Add(cell.ToString().Trim());
        return cells;
    }
}
