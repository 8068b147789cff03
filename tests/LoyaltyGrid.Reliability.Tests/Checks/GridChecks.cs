using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyGrid.Reliability.Tests.Driving;
using LoyaltyGrid.Reliability.Tests.Grid;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Reliability.Tests.Checks;

/// <summary>Conditions the fault suites wait for and the reads they compare.</summary>
public static class GridChecks
{
    public static async Task WaitForAcknowledgedAsync(DriverCounters counters, long atLeast, TimeSpan patience)
    {
        var deadline = TimeProvider.System.GetUtcNow() + patience;
        while (counters.Acknowledged < atLeast)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"only {counters.Acknowledged} of {atLeast} events were acknowledged in time: {counters.DescribeAnswers()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The balance the API shows for a customer (storefront key), or null when unknown.</summary>
    public static async Task<long?> ApiBalanceAsync(HttpClient server, string customerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/customers/{customerId}", UriKind.Relative));
        request.Headers.Add("X-Api-Key", TestCredentials.StoreAKey);
        using var response = await server.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetInt64();
    }

    /// <summary>Customers whose stored or served balance differs from the oracle's, described.</summary>
    public static async Task<List<string>> BalanceDifferencesAsync(LedgerOracle oracle, StoredLedger stored, HttpClient server)
    {
        var differences = new List<string>();
        foreach (var (customerId, expected) in oracle.Balances)
        {
            var inStorage = stored.BalanceOf(customerId) ?? 0;
            var served = await ApiBalanceAsync(server, customerId) ?? 0;
            if (inStorage != expected || served != expected)
            {
                differences.Add($"{customerId}: oracle {expected}, stored {inStorage}, served {served}");
            }

            if (stored.BalancesAfterMovements(customerId).Any(balance => balance < 0))
            {
                differences.Add($"{customerId}: a stored movement left a negative balance");
            }
        }

        return differences;
    }
}
