using System.Text.Json;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Observability.Tests;

[Collection(ObservedServerCollection.Name)]
public sealed class LogTests(ObservedServer observed)
{
    private const string RequestCategory = "LoyaltyGrid.Server.Observability.RequestLoggingMiddleware";

    [Fact]
    public async Task With_the_json_formatter_every_line_is_one_json_entry()
    {
        var lines = await SettledOutputAsync();

        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var entry = ParseOrFail(line);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Timestamp", out _), line);
        });
    }

    [Fact]
    public async Task Request_logs_name_the_route_and_carry_the_trace_id()
    {
        var requests = (await SettledOutputAsync())
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(entry => entry.GetProperty("Category").GetString() == RequestCategory)
            .ToList();

        var routes = requests.Select(entry => entry.GetProperty("State").GetProperty("Route").GetString()).ToHashSet();
        var seen = string.Join(", ", routes);
        Assert.True(routes.Contains("/api/v1/purchases"), seen);
        Assert.True(routes.Contains("/api/v1/customers/{customerId}/redemptions"), seen);
        Assert.True(routes.Contains("/api/v1/customers/{customerId}"), seen);
        Assert.All(requests.Where(entry => entry.GetProperty("State").GetProperty("Route").GetString()!.StartsWith("/api/", StringComparison.Ordinal)), entry =>
        {
            var traceId = entry.GetProperty("State").GetProperty("TraceId").GetString();
            Assert.Matches("^[0-9a-f]{32}$", traceId);
            Assert.Contains(entry.GetProperty("Scopes").EnumerateArray(), scope =>
                scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var scopeTrace) && scopeTrace.GetString() == traceId);
        });
    }

    [Fact]
    public async Task No_customer_id_session_id_note_or_review_text_is_logged()
    {
        var output = string.Join('\n', await SettledOutputAsync());

        foreach (var value in ObservedServer.PersonalData)
        {
            Assert.DoesNotContain(value, output, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task AspNetCore_request_logs_which_write_the_path_stay_off_even_at_information()
    {
        var output = string.Join('\n', await SettledOutputAsync());

        Assert.DoesNotContain("\"Category\":\"Microsoft.AspNetCore.Hosting.Diagnostics\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"RequestPath\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_up_log_states_the_effective_configuration()
    {
        var configuration = string.Join('\n', (await SettledOutputAsync())
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString())
            .Where(message => message?.StartsWith("Configuration:", StringComparison.Ordinal) == true));
        var database = new NpgsqlConnectionStringBuilder(observed.ConnectionString);

        Assert.Contains($"cluster {ObservedServer.ClusterId}", configuration, StringComparison.Ordinal);
        Assert.Contains($"silo port {observed.Process.SiloPort}, gateway port {observed.Process.GatewayPort}", configuration, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{observed.Process.HttpPort}", configuration, StringComparison.Ordinal);
        Assert.Contains($"database {database.Host}:{database.Port}, database {database.Database}, user {database.Username}", configuration, StringComparison.Ordinal);
        Assert.Contains($"API keys: 2 storefront ({TestCredentials.StoreA} {TestCredentials.StoreB}), 1 ops; token signing key configured", configuration, StringComparison.Ordinal);
        Assert.Contains("reporting currency USD", configuration, StringComparison.Ordinal);
        // The journal and its projections replaced the KPI pipeline and its flush interval.
        Assert.Contains("journal group commit window 00:00:00.0020000, at most 500 appends", configuration, StringComparison.Ordinal);
        Assert.Contains("console log format json", configuration, StringComparison.Ordinal);
        Assert.Contains("5 alert rules (complaint-rate-anomaly conversion-rate-anomaly refund-rate-high sla-breach negative-feedback-high), each evaluated every 00:00:01", configuration, StringComparison.Ordinal);
        Assert.Contains($"at most {ObservedServer.MaxLabelValues} values per metric label", configuration, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_key_signing_key_or_database_password_is_logged()
    {
        var output = string.Join('\n', await SettledOutputAsync());
        var password = new NpgsqlConnectionStringBuilder(observed.ConnectionString).Password;

        Assert.False(string.IsNullOrEmpty(password), "the test database should need a password, or this test proves nothing about it");
        foreach (var secret in ObservedServer.Secrets.Append(password))
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The server's output once the traffic's last request has been logged (console logging
    /// writes from a queue, a moment after the response).
    /// </summary>
    private async Task<IReadOnlyList<string>> SettledOutputAsync()
    {
        await ObservedServer.EventuallyAsync(
            () => Task.FromResult(observed.Process.Output),
            output => output.Contains(ObservedServer.LastRequestLog, StringComparison.Ordinal),
            output => output);
        return observed.Process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static JsonDocument ParseOrFail(string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            Assert.Fail($"Not a JSON line ({ex.Message}): {line}");
            throw;
        }
    }
}
