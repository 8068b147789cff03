using System.Net;
using System.Text.Json.Nodes;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests;

/// <summary>
/// A realistic session with recognisable personal values (names in customer ids, emails and a
/// phone number in complaint notes and review texts, session ids), customer tokens, and refused
/// requests that carry personal values where they do not belong; afterwards neither the server's
/// output (debug logs included) nor /metrics may show any of them, nor any key or token.
/// </summary>
[Collection(SecurityServerCollection.Name)]
public sealed class PersonalDataTests(SecurityServer server)
{
    [Fact]
    public async Task No_customer_id_token_key_email_or_free_text_reaches_the_logs_or_the_metrics()
    {
        var nonce = Guid.NewGuid().ToString("N")[..8];
        var ottilie = $"Ottilie.Featherstonehaugh-1987-{nonce}";
        var bartholomew = $"Bartholomew_Quincebury-{nonce}";
        var session = $"sess-Ottilie-Wanderings-{nonce}";
        var ottilieEmail = $"ottilie.f.{nonce}@example.org";
        var bartEmail = $"bart.quincebury.{nonce}@example.net";
        var phone = "+44 7700 900123";
        var note = $"NOTE-Ottilie parcel crushed, call {phone} or write to {ottilieEmail}";
        var review = $"REVIEW-Quincebury the record skipped; answers to {bartEmail}";
        var order = $"order-Ottilie-{nonce}";
        var storefront = SecurityKeys.StoreACredential;
        var at = Templates.At(3);

        using (var visit = await server.Api.PostAsync("/api/v1/visits", new { sessionId = session, customerId = ottilie, market = "FR", occurredAt = at }, storefront))
        {
            await Responses.ExpectJsonAsync(visit, HttpStatusCode.Accepted);
        }
        await server.Api.PostOkAsync("/api/v1/purchases", new { orderId = order, customerId = ottilie, amount = 120.00m, currency = "EUR", market = "FR", occurredAt = at, sessionId = session }, storefront);
        await server.Api.PostOkAsync("/api/v1/referrals", new { referralId = $"ref-{nonce}", referrerId = ottilie, refereeId = bartholomew, occurredAt = at }, storefront);
        await server.Api.PostOkAsync("/api/v1/events:batch", new JsonObject
        {
            ["events"] = new JsonArray(
                new JsonObject { ["type"] = "purchase", ["orderId"] = $"order-Bart-{nonce}", ["customerId"] = bartholomew, ["amount"] = 35.50m, ["currency"] = "EUR", ["market"] = "DE", ["occurredAt"] = Templates.At(2) },
                new JsonObject { ["type"] = "review", ["reviewId"] = $"rev-{nonce}", ["customerId"] = bartholomew, ["orderId"] = $"order-Bart-{nonce}", ["rating"] = 2, ["occurredAt"] = Templates.At(1.5), ["text"] = review }),
        }, storefront);
        await server.Api.PostOkAsync("/api/v1/complaints", new { complaintId = $"cmp-{nonce}", customerId = ottilie, orderId = order, category = "logistics", occurredAt = Templates.At(2), note }, storefront);
        await server.Api.PostOkAsync($"/api/v1/complaints/cmp-{nonce}/response", new { customerId = ottilie, occurredAt = Templates.At(1.5) }, storefront);
        await server.Api.PostOkAsync($"/api/v1/complaints/cmp-{nonce}/resolution", new { customerId = ottilie, occurredAt = Templates.At(1) }, storefront);
        await server.Api.PostOkAsync("/api/v1/refunds", new { refundId = $"rf-{nonce}", orderId = order, customerId = ottilie, amount = 20.00m, occurredAt = Templates.At(1) }, storefront);

        var ottilieToken = await server.Api.IssueTokenAsync(ottilie);
        var bartToken = await server.Api.IssueTokenAsync(bartholomew);
        var asOttilie = new Credential("Ottilie", null, ottilieToken);
        await server.Api.GetOkAsync($"/api/v1/customers/{ottilie}", asOttilie);
        await server.Api.PostOkAsync($"/api/v1/customers/{ottilie}/redemptions", new { redemptionId = $"red-{nonce}", points = 10 }, asOttilie);
        await server.Api.GetOkAsync($"/api/v1/customers/{ottilie}/history?limit=5", storefront);

        // Refusals that carry personal values where they do not belong.
        var guessedKey = $"guess-Ottilie-{nonce}-0123456789";
        var expired = SecurityKeys.SignToken(ottilie, TimeProvider.System.GetUtcNow().AddMinutes(-5));
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{ottilieEmail}", storefront)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Api.PostReplyAsync("/api/v1/purchases", new { orderId = order, customerId = ottilieEmail, amount = 1.00m, currency = "EUR", market = "FR", occurredAt = at }, storefront)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Api.PostReplyAsync("/api/v1/complaints", new { complaintId = $"cmp2-{nonce}", customerId = ottilie, category = "rude", occurredAt = at, note }, storefront)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{ottilie}", new Credential("guess", guessedKey, null))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{ottilie}", new Credential("expired", null, expired))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{ottilie}", new Credential("Bart", null, bartToken))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{ottilie}", SecurityKeys.RevokedCredential)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Api.ReplyAsync(HttpMethod.Delete, $"/api/v1/customers/{bartholomew}", storefront)).Status);

        // Wait until the session shows in the metrics' business gauges, so they had their chance to leak it.
        var metrics = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !metrics.Contains("market=\"FR\"", StringComparison.Ordinal))
        {
            await Task.Delay(500);
            metrics = (await server.Api.ReplyAsync(HttpMethod.Get, "/metrics", Credential.None)).Body;
        }

        Assert.Contains("market=\"FR\"", metrics, StringComparison.Ordinal);
        var logs = server.Process.Output;
        Assert.Contains(" /api/v1/customers/{customerId}", logs, StringComparison.Ordinal);
        string[] personal =
        [
            ottilie, bartholomew, "Featherstonehaugh", "Quincebury", session, ottilieEmail, bartEmail, "@example.", "7700 900123", note, review,
            "NOTE-Ottilie", "REVIEW-Quincebury", ottilieToken, ottilieToken.Split('.')[2], bartToken, bartToken.Split('.')[2], expired, guessedKey,
            .. SecurityKeys.AllSecrets,
        ];
        foreach (var value in personal)
        {
            Assert.False(logs.Contains(value, StringComparison.Ordinal), $"The server's output shows '{value}':\n{Around(logs, value)}");
            Assert.False(metrics.Contains(value, StringComparison.Ordinal), $"/metrics shows '{value}':\n{Around(metrics, value)}");
        }
    }

    private static string Around(string text, string value)
    {
        var at = text.IndexOf(value, StringComparison.Ordinal);
        return at < 0 ? "" : text[Math.Max(0, at - 300)..Math.Min(text.Length, at + value.Length + 300)];
    }
}
