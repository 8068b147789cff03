using System.Globalization;
using System.Text.Json;
using LoyaltyGrid.Server.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace LoyaltyGrid.Observability.Tests;

/// <summary>Orleans' own lines name grains by id; the console must not show customers' and sessions'.</summary>
public sealed class LogRedactionTests
{
    [Theory]
    // The scheduler's long-turn warning names the activation.
    [InlineData(
        "Task [Id=7] in WorkGroup [Activation: S127.0.0.1:11111:123/customer/cust-Wombat-4471@9f1c2 #GrainType=customer Placement=RandomPlacement State=Valid] took elapsed time 00:00:01.2",
        "cust-Wombat-4471")]
    // The ADO.NET storage provider's errors name the grain.
    [InlineData("Error writing grain state: ServiceId=loyaltygrid ProviderName=loyalty GrainType=customer GrainId=customer/cust-Narwhal-8123 ETag=3.", "cust-Narwhal-8123")]
    [InlineData("GrainId=session/shop-obs/sess-Axolotl-7702 ETag=1", "sess-Axolotl-7702")]
    [InlineData("Submitting contributions of customer:cust-Pangolin-5530 failed", "cust-Pangolin-5530")]
    public void Customer_and_session_grain_keys_are_blanked_out(string line, string personal)
    {
        var redacted = PersonalIds.Redact(line);

        Assert.DoesNotContain(personal, redacted, StringComparison.Ordinal);
        Assert.Contains(PersonalIds.Mask, redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP GET /api/v1/customers/{customerId}/redemptions answered 200 in 3.1 ms")]
    [InlineData("Grain kpiscope/storefront:shop-obs activated; customers and sessions are counted")]
    [InlineData("Auth:ApiKeys:3:Storefront must not be 'customer', the name reserved for customers' own redemptions.")]
    public void Everything_else_is_left_as_it_was(string line) =>
        Assert.Equal(line, PersonalIds.Redact(line));

    [Fact]
    public void Every_console_formatter_the_server_registers_redacts_whatever_the_configured_name()
    {
        using var provider = ConsoleServices(formatter: "json");
        var formatters = provider.GetServices<ConsoleFormatter>().ToList();

        Assert.All(formatters, formatter => Assert.IsType<RedactingConsoleFormatter>(formatter));
        Assert.Contains(formatters, formatter => formatter.Name == ConsoleFormatterNames.Json);
        Assert.Contains(formatters, formatter => formatter.Name == ConsoleFormatterNames.Simple);
    }

    [Fact]
    public void A_json_line_written_through_the_registered_formatter_has_no_customer_id_in_message_state_or_exception()
    {
        using var provider = ConsoleServices(formatter: "json");
        var json = provider.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == ConsoleFormatterNames.Json);
        var state = new Dictionary<string, object?>
        {
            ["GrainId"] = "customer/cust-Wombat-4471",
            ["{OriginalFormat}"] = "Error writing state of {GrainId}",
        }.ToList();
        var entry = new LogEntry<List<KeyValuePair<string, object?>>>(
            LogLevel.Error,
            "Orleans.Storage.AdoNetGrainStorage",
            new EventId(1),
            state,
            new InvalidOperationException("Write failed for customer/cust-Wombat-4471"),
            (_, _) => "Error writing state of customer/cust-Wombat-4471");
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        json.Write(in entry, null, output);

        var line = output.ToString();
        Assert.DoesNotContain("cust-Wombat-4471", line, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal("Error writing state of customer/***", parsed.RootElement.GetProperty("Message").GetString());
    }

    private static ServiceProvider ConsoleServices(string formatter)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ConsoleLogging.FormatterNameKey] = formatter })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddLoyaltyGridConsole(configuration));
        return services.BuildServiceProvider();
    }
}
