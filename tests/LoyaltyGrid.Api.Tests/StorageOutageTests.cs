using System.Net;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Api.Tests;

/// <summary>
/// When the database is unreachable the API answers 503 with Retry-After (api.md), and the
/// same request succeeds once it is back, because nothing was stored the first time.
/// </summary>
public sealed class StorageOutageTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task With_the_database_refusing_connections_an_event_is_503_and_the_retry_later_succeeds()
    {
        var customerId = TestIds.New("c");
        // The customer is active in memory when storage goes away: the failed write must not be served from there.
        await server.Api.PostOkAsync("/api/v1/purchases", PurchaseTests.Purchase(TestIds.New("A"), customerId, 10.00m, "USD"), TestCredentials.StoreACredential);
        var purchase = PurchaseTests.Purchase(TestIds.New("A"), customerId, 42.00m, "USD");
        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString).Database!;

        await SetConnectionsAllowedAsync(database, allowed: false);
        HttpResponseMessage refused;
        try
        {
            refused = await server.Api.PostAsync("/api/v1/purchases", purchase, TestCredentials.StoreACredential);
        }
        finally
        {
            await SetConnectionsAllowedAsync(database, allowed: true);
        }

        using (refused)
        {
            var problem = await Responses.ExpectProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:loyaltygrid:problem:unavailable", problem.GetProperty("type").GetString());
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "503 carries Retry-After");
            Assert.DoesNotContain("Npgsql", problem.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("answered 503", server.Process.Output, StringComparison.Ordinal);

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            using var retry = await server.Api.PostAsync("/api/v1/purchases", purchase, TestCredentials.StoreACredential);
            if (retry.StatusCode == HttpStatusCode.OK || TimeProvider.System.GetUtcNow() > deadline)
            {
                var receipt = await Responses.ExpectJsonAsync(retry, HttpStatusCode.OK);
                Assert.False(receipt.GetProperty("duplicate").GetBoolean());
                Assert.Equal(42, receipt.GetProperty("pointsEarned").GetInt64());
                Assert.Equal(52, receipt.GetProperty("balance").GetInt64());
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, retry.StatusCode);
            await Task.Delay(500);
        }
    }

    private static async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        await using var connection = new NpgsqlConnection(await TestPostgres.AdminConnectionStringAsync());
        await connection.OpenAsync();
        var sql = allowed
            ? $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true"
            : $"""
               ALTER DATABASE "{database}" ALLOW_CONNECTIONS false;
               SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid();
               """;
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
