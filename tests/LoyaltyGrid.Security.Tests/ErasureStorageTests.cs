using System.Net;
using System.Text.Json.Nodes;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests;

/// <summary>
/// Erasure on request (api.md: DELETE /api/v1/customers/{id}) must take what a person wrote or
/// bought out of everything stored about them: no review text, complaint note or order item may
/// remain in any journal entry of their stream nor in its snapshot, while what the programme owes
/// and counted stays: every stored receipt and KPI change, and the KPI totals with the points still owed to the customer.
/// </summary>
[Collection(SecurityServerCollection.Name)]
public sealed class ErasureStorageTests(SecurityServer server)
{
    // A snapshot is stored every 100 events (CustomerJournalOptions.SnapshotEvery); more than that
    // many events make sure one exists, holding the personal data, before the erasure.
    private const int FillerPurchases = 110;

    [Fact]
    public async Task Erasure_leaves_no_review_text_complaint_note_or_order_item_in_the_journal_or_snapshot_but_keeps_balances_and_kpis()
    {
        var nonce = Guid.NewGuid().ToString("N")[..10];
        var customer = $"erase-{nonce}";
        var stream = StreamKeys.Customer(customer);
        var sku = $"SKU-PERSONAL-{nonce}";
        var review = $"REVIEW-PERSONAL-{nonce} the sleeve was torn";
        var note = $"NOTE-PERSONAL-{nonce} leave it with the neighbour";
        var storefront = SecurityKeys.StoreACredential;

        await server.Api.PostOkAsync("/api/v1/purchases", new JsonObject
        {
            ["orderId"] = $"order-{nonce}", ["customerId"] = customer, ["amount"] = 80.00m, ["currency"] = "EUR", ["market"] = "DE", ["occurredAt"] = Templates.At(3),
            ["items"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 1, ["unitPrice"] = 80.00m, ["category"] = "music" }),
        }, storefront);
        await server.Api.PostOkAsync("/api/v1/reviews", new { reviewId = $"rev-{nonce}", customerId = customer, orderId = $"order-{nonce}", rating = 2, occurredAt = Templates.At(2.5), text = review }, storefront);
        await server.Api.PostOkAsync("/api/v1/complaints", new { complaintId = $"cmp-{nonce}", customerId = customer, orderId = $"order-{nonce}", category = "logistics", occurredAt = Templates.At(2.5), note }, storefront);
        var filler = new JsonArray();
        for (var number = 0; number < FillerPurchases; number++)
        {
            filler.Add(new JsonObject
            {
                ["type"] = "purchase", ["orderId"] = $"fill-{nonce}-{number}", ["customerId"] = customer, ["amount"] = 10.00m, ["currency"] = "EUR", ["market"] = "DE", ["occurredAt"] = Templates.At(2),
            });
        }

        await server.Api.PostOkAsync("/api/v1/events:batch", new JsonObject { ["events"] = filler }, storefront);

        // Only a check that finds the personal data stored before can show erasure removed it.
        string[] personal = [sku, review, note];
        var stored = await JournalTextAsync(stream);
        Assert.All(personal, value => Assert.Contains(value, stored, StringComparison.Ordinal));
        await WaitForAsync(async () => (await SnapshotTextAsync(stream)).Contains(review, StringComparison.Ordinal), "a snapshot holding the review text");

        var before = await StoredState.QuietAsync(server.ConnectionString);
        var kpisBefore = await KpiTotalsAsync();
        var keptBefore = await KeptAsync(stream);
        var balanceBefore = await Sql.ScalarAsync<long>(server.ConnectionString,
            $"SELECT (payload::jsonb -> 'receipt' ->> 'balance')::bigint FROM journal WHERE stream = '{stream}' AND type = 'purchase' ORDER BY seq DESC LIMIT 1");
        Assert.True(balanceBefore > 0, "The customer should hold points before the erasure.");

        Assert.Equal(HttpStatusCode.NoContent, (await server.Api.ReplyAsync(HttpMethod.Delete, $"/api/v1/customers/{customer}", storefront)).Status);
        var after = await StoredState.QuietAsync(server.ConnectionString);
        Assert.NotEqual(before, after);

        var journal = await JournalTextAsync(stream);
        var snapshot = await SnapshotTextAsync(stream);
        foreach (var value in personal)
        {
            Assert.False(journal.Contains(value, StringComparison.Ordinal), $"A journal entry of the erased customer still holds '{value}'.");
            Assert.False(snapshot.Contains(value, StringComparison.Ordinal), $"The erased customer's snapshot still holds '{value}'.");
        }

        // Every entry from before keeps its receipt, fingerprint, KPI changes and messages: old
        // retries are answered as before and projections rebuild the same totals. Its webhook
        // notices name the customer and are dropped, so a rebuild of the notice projection sends none.
        Assert.Equal(keptBefore, (await KeptAsync(stream))[..keptBefore.Count]);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM journal WHERE stream = '{stream}' AND payload::jsonb ? 'notices'"));
        Assert.Equal(kpisBefore, await KpiTotalsAsync());
        Assert.Equal(1L, await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM journal WHERE stream = '{stream}' AND type = 'erasure'"));

        // Erasure drops the snapshot (it was folded from the unscrubbed payloads); one stored
        // since, if any, is folded from the scrubbed journal and still holds the whole balance.
        var snapshotBalances = await Sql.ListAsync<long>(server.ConnectionString,
            $"SELECT coalesce((SELECT sum((lot ->> 'remaining')::bigint) FROM json_array_elements(payload -> 'account' -> 'lots') AS lot), 0)::bigint FROM stream_snapshot WHERE stream = '{stream}'");
        Assert.All(snapshotBalances, balance => Assert.Equal(balanceBefore, balance));
    }

    private async Task<string> JournalTextAsync(string stream) =>
        string.Join('\n', await Sql.ListAsync<string>(server.ConnectionString, $"SELECT payload::text FROM journal WHERE stream = '{stream}' ORDER BY seq"));

    private async Task<string> SnapshotTextAsync(string stream) =>
        string.Join('\n', await Sql.ListAsync<string>(server.ConnectionString, $"SELECT payload::text FROM stream_snapshot WHERE stream = '{stream}'"));

    /// <summary>Each entry's payload without the command (the only part erasure may change), by sequence.</summary>
    private Task<List<string>> KeptAsync(string stream) =>
        Sql.ListAsync<string>(server.ConnectionString, $"SELECT seq || ':' || md5((payload::jsonb - 'command' - 'notices')::text) FROM journal WHERE stream = '{stream}' ORDER BY seq");

    private async Task<string> KpiTotalsAsync()
    {
        var kpis = await server.Api.GetOkAsync("/api/v1/kpis", SecurityKeys.OpsCredential);
        return kpis.GetProperty("allTime").GetRawText() + kpis.GetProperty("pointsOutstanding").GetRawText();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(250);
        }
    }
}
