using LoyaltyGrid.Grains.Customers;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>
/// How a customer's stored outbox empties: by the grain itself once delivered, or by the sweeper
/// when the row says messages are owed for longer than a living grain would take.
/// </summary>
public sealed class OutboxTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_delivered_outbox_is_stored_empty_and_needs_no_reminder()
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>("settles");
        await customer.Purchase(new PurchaseCommand("store-a", "S-1", 20m, "USD", "DE", DateTimeOffset.UtcNow, null, null));

        Assert.True(await EventuallyAsync(async () => await OwesAsync("settles") == "false"));
        Assert.Equal(0, await fixture.ScalarAsync<int>(
            "SELECT jsonb_array_length(payload->'kpis'->'pending') FROM grain_state WHERE state_name = 'customer' AND grain_key = 'settles'"));
        Assert.Equal(0L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM reminder WHERE grain_id LIKE '%settles' AND reminder_name <> 'upkeep'"));
    }

    [Theory]
    [InlineData("left-owing", "left-owing")]
    // Stored under a prefix so that Orleans does not read it as a number; the sweeper must undo that.
    [InlineData("feed42", "~feed42")]
    public async Task A_row_left_owing_is_found_by_the_sweeper_and_settled_by_its_grain(string customerId, string storedKey)
    {
        var customer = fixture.Grains.GetGrain<ICustomerGrain>(customerId);
        await customer.Purchase(new PurchaseCommand("store-a", "L-1", 20m, "USD", "DE", DateTimeOffset.UtcNow, null, null));
        Assert.True(await EventuallyAsync(async () => await OwesAsync(storedKey) == "false"));

        // What a dead activation leaves behind: a row that has said "owing" for an hour.
        await fixture.ScalarAsync<int>("""
            UPDATE grain_state SET payload = jsonb_set(payload, '{owesMessages}', 'true'), written_at = now() - interval '1 hour'
            WHERE state_name = 'customer' AND grain_key = @key
            """, ("key", storedKey));

        Assert.True(await EventuallyAsync(async () => await OwesAsync(storedKey) == "false"));
        Assert.Equal(1, (await customer.Get())!.Orders);
    }

    private Task<string?> OwesAsync(string storedKey) => fixture.ScalarAsync<string>(
        "SELECT payload->>'owesMessages' FROM grain_state WHERE state_name = 'customer' AND grain_key = @key", ("key", storedKey));

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }
}
