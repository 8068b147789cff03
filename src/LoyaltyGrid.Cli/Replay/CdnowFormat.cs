using System.Globalization;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Cli.Replay;

/// <summary>
/// CDNOW purchase files: <c>customer_id date number_of_cds dollar_value</c> (the master file, with
/// a header) or <c>master_customer_id sample_customer_id date number_of_cds dollar_value</c> (the
/// sample). Customers keep their master id in both, so the sample's purchases are the master's.
/// Same-day purchases of a customer are a minute apart from 12:00 UTC, in file order.
/// </summary>
public sealed class CdnowFormat(Func<TextReader> open, Func<double> fraction, ReplayDefaults defaults) : TextSource(open, fraction)
{
    private readonly Dictionary<(string Customer, string Day), int> _indexInDay = [];

    protected override IEnumerable<ReplayEvent> ReadLine(string line, int lineNumber)
    {
        var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (columns.Length == 0 || (lineNumber == 1 && !char.IsAsciiDigit(columns[0][0])))
        {
            yield break;
        }

        if (columns.Length is not (4 or 5))
        {
            throw new FormatException($"line {lineNumber}: a CDNOW row has 4 columns (master) or 5 (sample), this one has {columns.Length}.");
        }

        var (customer, day, amountText) = columns.Length == 4 ? (columns[0], columns[1], columns[3]) : (columns[0], columns[2], columns[4]);
        if (!DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            || !decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            throw new FormatException($"line {lineNumber}: '{line.Trim()}' is not 'customer date(yyyyMMdd) cds dollars'.");
        }

        var index = _indexInDay[(customer, day)] = _indexInDay.GetValueOrDefault((customer, day)) + 1;
        var customerId = defaults.CustomerPrefix + customer;
        var occurredAt = new DateTimeOffset(date, TimeSpan.Zero).AddHours(12).AddMinutes(index);
        var entry = new JsonObject
        {
            ["type"] = "purchase",
            ["orderId"] = StableIds.CdnowOrderId(defaults.CustomerPrefix, customer, day, index),
            ["customerId"] = customerId,
            ["amount"] = amount,
            ["currency"] = defaults.Currency,
            ["market"] = defaults.Market,
            ["occurredAt"] = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        yield return new ReplayEvent("purchase", "customer " + customerId, entry);
    }
}
