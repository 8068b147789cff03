namespace LoyaltyGrid.Domain.Currency;

internal static class CurrencyRulesValidator
{
    internal static void Validate(
        string? reportingCurrency, Dictionary<string, decimal>? rates, Dictionary<string, int>? minorDigits, string prefix, List<string> problems)
    {
        foreach (var (code, digits) in minorDigits ?? [])
        {
            if (!IsIsoCode(code))
            {
                problems.Add($"{prefix}MinorDigits:{code} must be named by a three-letter upper-case ISO 4217 code.");
            }

            // Reporting amounts are kept in hundredths, so finer amounts could not be counted.
            if (digits is < 0 or > CurrencyConverter.DefaultMinorDigits)
            {
                problems.Add($"{prefix}MinorDigits:{code} must be from 0 to {CurrencyConverter.DefaultMinorDigits} (it was {digits}).");
            }
        }

        if (!IsIsoCode(reportingCurrency))
        {
            problems.Add($"{prefix}ReportingCurrency must be a three-letter upper-case ISO 4217 code (it was '{reportingCurrency}').");
        }

        if (rates is null || rates.Count == 0)
        {
            problems.Add($"{prefix}Rates must list at least the reporting currency.");
            return;
        }

        foreach (var (code, rate) in rates)
        {
            if (!IsIsoCode(code))
            {
                problems.Add($"{prefix}Rates:{code} must be named by a three-letter upper-case ISO 4217 code.");
            }

            if (rate <= 0)
            {
                problems.Add($"{prefix}Rates:{code} must be greater than 0 (it was {rate}).");
            }
        }

        // Rates are "reporting units per unit", so anything but 1 for the reporting currency
        // means the table was written for another reporting currency.
        if (IsIsoCode(reportingCurrency)
            && (!rates.TryGetValue(reportingCurrency!, out var ownRate) || ownRate != 1m))
        {
            problems.Add($"{prefix}Rates:{reportingCurrency} must be present and equal to 1, because {reportingCurrency} is the reporting currency.");
        }
    }

    private static bool IsIsoCode(string? code) =>
        code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);
}
