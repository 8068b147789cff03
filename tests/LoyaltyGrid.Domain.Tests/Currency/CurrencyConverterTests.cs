using LoyaltyGrid.Domain.Currency;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Currency;

public class CurrencyConverterTests
{
    private readonly CurrencyConverter _converter = new(new LoyaltyRules());

    [Theory]
    [InlineData("100", "USD", "100.00")]
    [InlineData("59.90", "EUR", "64.69")] // 64.692: the api.md example
    [InlineData("0.005", "USD", "0.01")] // exactly half a cent goes up, not to even
    [InlineData("0.015", "USD", "0.02")]
    [InlineData("0.025", "USD", "0.03")] // banker's rounding would give 0.02
    [InlineData("0.004", "USD", "0.00")]
    [InlineData("1.5", "GBP", "1.91")] // 1.905
    [InlineData("12.5", "CNY", "1.73")] // 1.725
    [InlineData("150", "JPY", "1.01")] // 1.005
    [InlineData("50", "JPY", "0.34")] // 0.335
    [InlineData("1", "JPY", "0.01")] // 0.0067
    [InlineData("74", "JPY", "0.50")] // 0.4958
    [InlineData("10000", "JPY", "67.00")]
    [InlineData("19.99", "CAD", "14.59")] // 14.5927
    [InlineData("0.01", "AUD", "0.01")] // 0.0065
    [InlineData("0.07", "AUD", "0.05")] // 0.0455
    public void Converts_to_the_reporting_currency_rounding_half_away_from_zero(
        string amount, string currency, string expected)
    {
        Assert.True(_converter.TryToReporting(Parse.Money(amount), currency, out var reporting));

        Assert.Equal(Parse.Money(expected), reporting.Amount);
        Assert.Equal("USD", reporting.Currency);
    }

    [Theory]
    [InlineData("0.005", "0.01")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("2.345", "2.35")]
    [InlineData("-2.345", "-2.35")]
    [InlineData("2.3449", "2.34")]
    public void Money_rounds_half_away_from_zero_on_both_sides(string amount, string expected) =>
        Assert.Equal(Parse.Money(expected), CurrencyConverter.RoundMoney(Parse.Money(amount)));

    [Theory]
    [InlineData("XYZ")]
    [InlineData("eur")] // ISO codes are upper case; a lower-case code is not silently accepted
    [InlineData("")]
    [InlineData("EURO")]
    public void An_unknown_currency_is_a_failed_conversion_not_an_exception(string currency)
    {
        Assert.False(_converter.TryToReporting(10m, currency, out var reporting));
        Assert.False(_converter.IsSupported(currency));
        Assert.Equal(default, reporting);
    }

    [Fact]
    public void Configured_rates_are_used_and_later_changes_to_the_options_are_not()
    {
        var rules = new LoyaltyRules();
        rules.Rates["SEK"] = 0.095m;
        var converter = new CurrencyConverter(rules);
        rules.Rates["SEK"] = 1m;

        Assert.True(converter.TryToReporting(100m, "SEK", out var reporting));
        Assert.Equal(9.50m, reporting.Amount);
        Assert.True(converter.TryGetRate("SEK", out var rate));
        Assert.Equal(0.095m, rate);
    }

    [Fact]
    public void Another_reporting_currency_names_its_results()
    {
        var converter = new CurrencyConverter(new LoyaltyRules
        {
            ReportingCurrency = "EUR",
            Rates = new() { ["EUR"] = 1m, ["USD"] = 0.93m },
        });

        Assert.True(converter.TryToReporting(10m, "USD", out var reporting));
        Assert.Equal(new Money(9.30m, "EUR"), reporting);
    }
}
