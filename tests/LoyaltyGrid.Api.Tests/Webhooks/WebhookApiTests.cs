using System.Net;
using System.Text.Json;
using LoyaltyGrid.Projections.Webhooks;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Webhooks;

/// <summary>
/// api.md "Webhooks" as a receiver and an operator see it: the body and signature of each event
/// type, the delivery log, and erasure taking the customer's deliveries away.
/// </summary>
public sealed class WebhookApiTests(WebhookServer server) : IClassFixture<WebhookServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_tier_change_arrives_signed_with_the_documented_body()
    {
        var customer = TestIds.New("wh");
        var occurred = Times.HoursAgo(1);
        await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("o"), customer, 2100m, occurred), TestCredentials.StoreACredential);

        var e = await ArrivalAsync(customer, "tier.changed");

        Assert.Equal(["data", "id", "occurredAt", "type"], Responses.PropertyNames(e));
        Assert.StartsWith("evt_", e.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(["customerId", "from", "to"], Responses.PropertyNames(e.GetProperty("data")).Order(StringComparer.Ordinal));
        Assert.Equal(("Member", "Gold"), (Data(e, "from"), Data(e, "to")));
        // Decided when the purchase was accepted, as of the server clock.
        Assert.True(e.GetProperty("occurredAt").GetDateTimeOffset() > occurred);
        Assert.Equal(0, server.Receiver.BadSignatures);
    }

    [Fact]
    public async Task Points_about_to_expire_are_told_with_the_lot_and_its_expiry()
    {
        // Points earned 360 days ago expire in 5 days: within the 14 days of notice, so the purchase that earned them already tells.
        var customer = TestIds.New("wh");
        var earned = DateTimeOffset.UtcNow.AddDays(-360);
        await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("o"), customer, 120m, earned), TestCredentials.StoreACredential);

        var e = await ArrivalAsync(customer, "points.expiring");

        Assert.Equal(["customerId", "expiresAt", "points"], Responses.PropertyNames(e.GetProperty("data")).Order(StringComparer.Ordinal));
        Assert.Equal(120, e.GetProperty("data").GetProperty("points").GetInt64());
        var expiresAt = e.GetProperty("data").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Equal(DateTimeOffset.Parse(EventBodies.Timestamp(earned), System.Globalization.CultureInfo.InvariantCulture).AddDays(365), expiresAt);
    }

    [Fact]
    public async Task The_delivery_log_lists_deliveries_newest_first_by_status()
    {
        var customer = TestIds.New("wh");
        await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("o"), customer, 700m, Times.HoursAgo(1)), TestCredentials.StoreACredential);
        var e = await ArrivalAsync(customer, "tier.changed");
        var id = e.GetProperty("id").GetString();

        var delivered = await WaitForLogAsync("delivered", entry => entry.GetProperty("id").GetString() == id && entry.GetProperty("url").GetString() == server.Receiver.Url);
        var pending = await WaitForLogAsync("pending", entry => entry.GetProperty("id").GetString() == id && entry.GetProperty("lastError").ValueKind == JsonValueKind.String);
        var all = await server.Api.GetOkAsync("/api/v1/webhooks/deliveries?limit=1000", TestCredentials.OpsCredential);

        Assert.Equal(("tier.changed", 200), (delivered.GetProperty("type").GetString(), delivered.GetProperty("lastStatus").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, delivered.GetProperty("deliveredAt").ValueKind);
        Assert.Equal(server.Silent.Url, pending.GetProperty("url").GetString());
        Assert.NotEqual(JsonValueKind.Null, pending.GetProperty("nextAttemptAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, pending.GetProperty("lastError").ValueKind);
        var created = all.GetProperty("deliveries").EnumerateArray().Select(entry => entry.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        Assert.Equal(created.OrderDescending(), created);
        Assert.Contains(all.GetProperty("deliveries").EnumerateArray(), entry => entry.GetProperty("id").GetString() == id);
    }

    [Theory]
    [InlineData("?status=lost", "status")]
    [InlineData("?status=FAILED", "status")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?state=failed", "state")]
    public async Task A_bad_query_is_a_problem_naming_the_parameter(string query, string field)
    {
        var response = await server.Api.GetAsync("/api/v1/webhooks/deliveries" + query, TestCredentials.OpsCredential);

        await Responses.ExpectProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_delivery_log_is_for_operations_only()
    {
        var storefront = await server.Api.GetAsync("/api/v1/webhooks/deliveries", TestCredentials.StoreACredential);
        var anonymous = await server.Api.GetAsync("/api/v1/webhooks/deliveries", Credential.None);
        var failed = await server.Api.GetOkAsync("/api/v1/webhooks/deliveries?status=failed", TestCredentials.OpsCredential);

        Assert.Equal(HttpStatusCode.Forbidden, storefront.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.All(failed.GetProperty("deliveries").EnumerateArray(), entry => Assert.Equal("failed", entry.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Erasure_removes_the_customers_deliveries_and_the_notices_in_its_journal()
    {
        var customer = TestIds.New("wh");
        await server.Api.PostOkAsync("/api/v1/purchases", EventBodies.Purchase(TestIds.New("o"), customer, 800m, Times.HoursAgo(1)), TestCredentials.StoreACredential);
        var arrived = await ArrivalAsync(customer, "tier.changed");
        await WaitForLogAsync(WebhookStatus.Delivered, entry => entry.GetProperty("id").GetString() == arrived.GetProperty("id").GetString());
        Assert.Contains("\"notices\"", await server.CustomerPayloadAsync(customer), StringComparison.Ordinal);
        // The answering receiver's delivery is in the log; the silent receiver's is still pending in
        // the outbox: erasure must take both away.
        Assert.Equal((1L, 1L), await DeliveriesNamingAsync(customer));

        var erased = await server.Api.DeleteAsync($"/api/v1/customers/{customer}", TestCredentials.StoreACredential);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.Equal((0L, 0L), await DeliveriesNamingAsync(customer));
        Assert.DoesNotContain("\"notices\"", await server.CustomerPayloadAsync(customer), StringComparison.Ordinal);
        Assert.DoesNotContain(customer, (await server.Api.GetOkAsync("/api/v1/webhooks/deliveries?limit=1000", TestCredentials.OpsCredential)).ToString(), StringComparison.Ordinal);
    }

    /// <summary>Rows of the outbox and of the log that name the customer (the outbox's bodies included).</summary>
    private async Task<(long Outbox, long Log)> DeliveriesNamingAsync(string customer) =>
        (await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM webhook_delivery WHERE customer_id = '{customer}' OR body LIKE '%{customer}%'"),
         await Sql.ScalarAsync<long>(server.ConnectionString, $"SELECT count(*) FROM webhook_delivery_log WHERE customer_id = '{customer}'"));

    private async Task<JsonElement> ArrivalAsync(string customer, string type)
    {
        bool Arrived(IReadOnlyList<JsonElement> events) => events.Any(e => Matches(e, customer, type));
        Assert.True(await server.Receiver.WaitUntilAsync(Arrived, Patience), $"no {type} for {customer} arrived");
        return server.Receiver.Events.Single(e => Matches(e, customer, type));
    }

    private async Task<JsonElement> WaitForLogAsync(string status, Func<JsonElement, bool> wanted)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var log = await server.Api.GetOkAsync($"/api/v1/webhooks/deliveries?status={status}&limit=1000", TestCredentials.OpsCredential);
            var found = log.GetProperty("deliveries").EnumerateArray().Where(wanted).ToList();
            Assert.All(log.GetProperty("deliveries").EnumerateArray(), entry => Assert.Equal(status, entry.GetProperty("status").GetString()));
            if (found.Count > 0 || DateTime.UtcNow > deadline)
            {
                return Assert.Single(found);
            }

            await Task.Delay(250);
        }
    }

    private static bool Matches(JsonElement e, string customer, string type) =>
        e.GetProperty("type").GetString() == type && Data(e, "customerId") == customer;

    private static string Data(JsonElement e, string field) => e.GetProperty("data").GetProperty(field).GetString()!;
}
