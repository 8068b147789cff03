using System.Text.Json;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Api.Tests.Webhooks;

/// <summary>
/// api.md "Webhooks": at least once with a stable id, retried while the receiver fails, surviving
/// a server killed mid-run; a receiver that never answers holds up nobody else.
/// </summary>
public sealed class WebhookDeliveryTests(FlakyWebhookServer server) : IClassFixture<FlakyWebhookServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_receiver_failing_its_first_five_answers_gets_every_event_by_id_across_a_server_kill()
    {
        var before = Enumerable.Range(0, 6).Select(_ => TestIds.New("wh")).ToList();
        var after = Enumerable.Range(0, 6).Select(_ => TestIds.New("wh")).ToList();

        // 600 USD takes a new customer from Member to Silver: one tier.changed each.
        foreach (var customer in before)
        {
            await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("o"), customer, 600m, Times.HoursAgo(1)), TestCredentials.StoreACredential);
        }

        await server.KillAndRestartAsync();

        foreach (var customer in after)
        {
            await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("o"), customer, 600m, Times.HoursAgo(1)), TestCredentials.StoreACredential);
        }

        var customers = before.Concat(after).ToHashSet(StringComparer.Ordinal);
        var arrived = await server.Receiver.WaitUntilAsync(events => Ours(events, customers).Count == customers.Count, Patience);

        var ours = Ours(server.Receiver.Events, customers);
        Assert.True(arrived, $"{ours.Count} of {customers.Count} tier changes arrived; requests {server.Receiver.Requests}");
        Assert.Equal(customers.Order(StringComparer.Ordinal), ours.Select(CustomerOf).Order(StringComparer.Ordinal));
        Assert.All(ours, e => Assert.Equal(("tier.changed", "Member", "Silver"), (e.GetProperty("type").GetString(), Data(e, "from"), Data(e, "to"))));
        Assert.Equal(0, server.Receiver.BadSignatures);
        Assert.True(server.Receiver.Requests >= customers.Count + 5, "the first five answers were failures, and retried");
        // Every retry of an id carried the same event.
        Assert.All(server.Receiver.Accepted.Values, bodies => Assert.Single(bodies.Distinct(StringComparer.Ordinal)));

        // The log stores the retries the failures caused (the receiver's first five answers, whichever test of this class met them).
        var attempts = await Sql.ListAsync<int>(server.ConnectionString,
            $"SELECT attempts FROM webhook_delivery_log WHERE subscription = '{server.Receiver.Url}' AND status = 'delivered'");
        Assert.True(attempts.Sum() >= attempts.Count + 5, $"attempts {string.Join(',', attempts)}");
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_the_other()
    {
        var customer = TestIds.New("wh");
        await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("o"), customer, 900m, Times.HoursAgo(1)), TestCredentials.StoreACredential);

        var arrived = await server.Receiver.WaitUntilAsync(events => Ours(events, new HashSet<string>([customer])).Count == 1, Patience);
        var silentTried = await WaitForAsync(async () => await AttemptsAsync(server.Silent.Url, customer) >= 2, Patience);

        Assert.True(arrived);
        Assert.True(silentTried, "the silent receiver's delivery was tried again after its attempt timed out");
        // Still to be sent: in the outbox, with the timeout recorded, and not in the log of finished deliveries.
        var silent = await Sql.ListAsync<string>(server.ConnectionString,
            $"SELECT coalesce(last_error, '') FROM webhook_delivery WHERE subscription = '{server.Silent.Url}' AND customer_id = '{customer}'");
        Assert.Single(silent);
        Assert.NotEmpty(silent[0]);
        Assert.Equal(0, await Sql.ScalarAsync<long>(server.ConnectionString,
            $"SELECT count(*) FROM webhook_delivery_log WHERE subscription = '{server.Silent.Url}' AND customer_id = '{customer}'"));
        Assert.True(server.Silent.Connections > 0);
    }

    private async Task<int> AttemptsAsync(string subscription, string customer)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(attempts), 0) FROM webhook_delivery WHERE subscription = @s AND customer_id = @c", connection);
        command.Parameters.AddWithValue("s", subscription);
        command.Parameters.AddWithValue("c", customer);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    private static List<JsonElement> Ours(IReadOnlyList<JsonElement> events, IReadOnlySet<string> customers) =>
        [.. events.Where(e => customers.Contains(CustomerOf(e)))];

    private static string CustomerOf(JsonElement e) => Data(e, "customerId");

    private static string Data(JsonElement e, string field) => e.GetProperty("data").GetProperty(field).GetString()!;
}
