using System.Globalization;

namespace LoyaltyGrid.Domain.Prediction;

/// <summary>
/// Reads the purchase lines of the CDNOW data set (see data/cdnow/README.md in the repository): the
/// sample's <c>master_id sample_id yyyyMMdd cds dollars</c> and the master's
/// <c>id yyyyMMdd cds dollars</c> (after its header) both put the customer first and the date
/// right before the two amounts.
/// </summary>
public static class CdnowFormat
{
    public static IEnumerable<(string Customer, DateOnly Day)> Purchases(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || !DateOnly.TryParseExact(fields[^3], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                continue;
            }

            yield return (fields[0], day);
        }
    }
}
