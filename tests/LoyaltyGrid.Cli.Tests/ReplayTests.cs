using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>
/// <c>loyaltygrid replay</c> of the CDNOW sample against a real server: the summary tells the truth
/// about what the server stored, and a second run changes nothing.
/// </summary>
[Collection(CliServerCollection.Name)]
public sealed class ReplayTests(CliServer server)
{
    [Fact]
    public async Task Replaying_the_cdnow_sample_stores_every_purchase_once_and_a_rerun_only_finds_duplicates()
    {
        var file = Repository.Cdnow("CDNOW_sample.txt");
        var rows = File.ReadLines(file)
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length == 5)
            .Select(columns => (Customer: "cdnow-" + columns[0], Amount: decimal.Parse(columns[4], CultureInfo.InvariantCulture)))
            .ToList();
        var accepted = rows.Count(row => row.Amount > 0);
        var refused = rows.Count - accepted;
        var ordersByCustomer = rows.Where(row => row.Amount > 0).GroupBy(row => row.Customer).ToDictionary(group => group.Key, group => group.Count());
        var allCustomers = rows.Select(row => row.Customer).Distinct().ToList();
        Assert.Equal(6919, rows.Count);

        var first = await Cli.RunAsync("replay", file, "--url", server.Url, "--api-key", TestCredentials.StoreAKey, "--batch-size", "200", "--concurrency", "4");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains($"accepted:   {accepted:N0}", first.Output, StringComparison.Ordinal);
        Assert.Contains("duplicates: 0", first.Output, StringComparison.Ordinal);
        Assert.Contains($"rejected:   {refused:N0}", first.Output, StringComparison.Ordinal);
        if (refused > 0)
        {
            // CDNOW's zero-value rows: amount > 0 (api.md), grouped under one reason that names the field.
            Assert.Matches($@"\s{refused:N0}\s+purchase 400 \S+ amount: ", first.Output);
        }

        Assert.Contains("progress:", first.Error, StringComparison.Ordinal);
        var stored = await ReadCustomersAsync(allCustomers);
        Assert.Equal(ordersByCustomer.Count, stored.Count);
        Assert.All(ordersByCustomer, pair => Assert.Equal(pair.Value, stored[pair.Key].GetProperty("orders").GetInt32()));
        Assert.Equal(ordersByCustomer.Count, await Sql.ScalarAsync<long>(server.ConnectionString,
            "SELECT count(DISTINCT stream) FROM journal WHERE stream LIKE 'c:cdnow-%'"));

        var second = await Cli.RunAsync("replay", file, "--url", server.Url, "--api-key", TestCredentials.StoreAKey, "--batch-size", "500", "--concurrency", "8");

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains("accepted:   0", second.Output, StringComparison.Ordinal);
        Assert.Contains($"duplicates: {accepted:N0}", second.Output, StringComparison.Ordinal);
        Assert.Contains($"rejected:   {refused:N0}", second.Output, StringComparison.Ordinal);
        var again = await ReadCustomersAsync(allCustomers);
        Assert.Equal(stored.Keys.Order(), again.Keys.Order());
        Assert.All(stored, pair => Assert.Equal(pair.Value.GetRawText(), again[pair.Key].GetRawText()));
    }

    [Fact]
    public async Task A_limit_replays_only_the_first_events_and_a_bad_key_is_reported_as_rejections()
    {
        var file = Repository.Cdnow("CDNOW_master.txt");

        var limited = await Cli.RunAsync("replay", file, "--url", server.Url, "--api-key", TestCredentials.StoreBKey, "--limit", "25", "--customer-prefix", "limit-");
        var unauthorized = await Cli.RunAsync("replay", file, "--url", server.Url, "--api-key", "not-a-key", "--limit", "10", "--customer-prefix", "nokey-");

        Assert.True(limited.ExitCode == 0, limited.Output + limited.Error);
        Assert.Matches(@"\b25 events", limited.Output);
        Assert.Contains("accepted:   25", limited.Output, StringComparison.Ordinal);
        Assert.Contains("rejected:   10", unauthorized.Output, StringComparison.Ordinal);
        Assert.Contains("purchase 401", unauthorized.Output, StringComparison.Ordinal);
    }

    /// <summary>Every customer that has an account, with its account as the API shows it (balances read at the server clock).</summary>
    private async Task<Dictionary<string, JsonElement>> ReadCustomersAsync(IEnumerable<string> customers)
    {
        using var http = new HttpClient { BaseAddress = server.Process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", TestCredentials.StoreAKey);
        var found = new ConcurrentDictionary<string, JsonElement>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (customer, cancellationToken) =>
        {
            using var response = await http.GetAsync(new Uri($"/api/v1/customers/{customer}", UriKind.Relative), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            found[customer] = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
        });
        return new Dictionary<string, JsonElement>(found, StringComparer.Ordinal);
    }
}
