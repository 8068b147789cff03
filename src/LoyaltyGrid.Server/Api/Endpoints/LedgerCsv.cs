using System.Globalization;
using System.Text;
using LoyaltyGrid.Grains.Customers;

namespace LoyaltyGrid.Server.Api.Endpoints;

/// <summary>
/// The ledger export of <c>GET /api/v1/customers/{customerId}/history?format=csv</c>: RFC 4180
/// (a header line, CRLF line ends, a field quoted when it holds a comma, a quote or a line
/// break, its quotes doubled), one line per point movement, oldest first.
/// </summary>
public static class LedgerCsv
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    public static readonly string[] Columns = ["occurredAt", "kind", "points", "balanceAfter", "reference", "campaigns"];

    public static string Write(IEnumerable<LedgerEntryView> entries)
    {
        var csv = new StringBuilder();
        AppendLine(csv, Columns);
        foreach (var entry in entries)
        {
            AppendLine(csv,
            [
                entry.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
                entry.Kind,
                entry.Points.ToString(CultureInfo.InvariantCulture),
                entry.BalanceAfter.ToString(CultureInfo.InvariantCulture),
                entry.ReferenceId,
                // Ids cannot hold ';' (api.md's id pattern), so it separates them unambiguously.
                string.Join(';', entry.Campaigns),
            ]);
        }

        return csv.ToString();
    }

    private static void AppendLine(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                csv.Append(field);
            }
            else
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
        }

        csv.Append("\r\n");
    }
}
