using System.Globalization;

namespace LoyaltyGrid.Domain.Tests.Support;

// Attributes cannot hold decimals, so tables spell money as invariant strings.
internal static class Parse
{
    public static decimal Money(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static decimal[] MoneyList(string text) => text.Split(',').Select(Money).ToArray();

    public static long[] PointsList(string text) =>
        text.Split(',').Select(part => long.Parse(part, CultureInfo.InvariantCulture)).ToArray();
}
