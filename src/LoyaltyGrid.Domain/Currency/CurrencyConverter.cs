namespace LoyaltyGrid.Domain.Currency;

/// <summary>
/// Converts amounts into the reporting currency with the configured table. A currency outside
/// the table is an ordinary outcome (the API answers 422), so it is reported, not thrown.
/// </summary>
public sealed class CurrencyConverter
{
    /// <summary>Decimals of a currency that <see cref="LoyaltyRules.MinorDigits"/> does not list.</summary>
    public const int DefaultMinorDigits = 2;

    private readonly Dictionary<string, decimal> _rates;

    public CurrencyConverter(LoyaltyRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ReportingCurrency = rules.ReportingCurrency;
        // A private copy: rates are fixed for the life of the converter even if the options
        // object is rebound, which keeps one request's conversions consistent.
        _rates = new Dictionary<string, decimal>(rules.Rates, StringComparer.Ordinal);
    }

    public string ReportingCurrency { get; }

    public bool IsSupported(string currency) => _rates.ContainsKey(currency);

    public bool TryGetRate(string currency, out decimal rate) => _rates.TryGetValue(currency, out rate);

    /// <summary>
    /// round(amount × rate, 2), half away from zero. Codes are matched exactly (ISO 4217 codes
    /// are upper case), so "eur" is unsupported rather than silently accepted.
    /// </summary>
    public bool TryToReporting(decimal amount, string currency, out Money reporting)
    {
        if (!_rates.TryGetValue(currency, out var rate))
        {
            reporting = default;
            return false;
        }

        reporting = new Money(RoundMoney(amount * rate), ReportingCurrency);
        return true;
    }

    public static decimal RoundMoney(decimal amount) =>
        Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
