using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;
using Xunit.Abstractions;

namespace LoyaltyGrid.Security.Tests.BadInput;

/// <summary>
/// api.md: bad input is a 4xx problem, never a 5xx, and never changes state. The corpus runs
/// against a seeded customer (an order, a complaint, points, a coupon of a seeded reward) and a
/// seeded campaign, so a bad request about them would have something to damage.
/// </summary>
[Collection(SecurityServerCollection.Name)]
public sealed class BadInputTests(SecurityServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_malformed_request_to_every_endpoint_is_a_4xx_problem_and_changes_nothing()
    {
        var seeded = Subject.Fresh($"seed{Guid.NewGuid():N}"[..12], 1);
        await server.Api.PostOkAsync("/api/v1/purchases", Templates.Purchase(seeded), SecurityKeys.StoreACredential);
        await server.Api.PostOkAsync("/api/v1/complaints", Templates.Complaint(seeded), SecurityKeys.StoreACredential);
        await PutOkAsync($"/api/v1/rewards/{seeded.RewardId}", Templates.Reward(seeded));
        await PutOkAsync($"/api/v1/campaigns/{seeded.CampaignId}", Templates.Campaign(seeded));
        var claim = await server.Api.PostOkAsync($"/api/v1/customers/{seeded.CustomerId}/claims", Templates.Claim(seeded), SecurityKeys.StoreACredential);
        // The corpus's claims then repeat a claim id in use, and its coupon redemptions name a real coupon.
        seeded = seeded with { CouponCode = claim.GetProperty("couponCode").GetString()! };
        var corpus = BadInputCorpus.For(seeded).ToList();
        // Every endpoint has cases, and every case belongs to an endpoint with a template.
        Assert.Equal(Templates.All.Select(template => template.Name).Order(), corpus.Select(request => request.Endpoint).Distinct().Order());

        // Once storage is quiet, the seed's KPI contributions (and earlier tests') have all landed,
        // and the claim's due moment has been swept. The customer is read after that: the sweep
        // reloads it from the journal, which keeps times to the microsecond, while the claim's
        // movement was stamped in memory to the 100 ns tick (reported; not what this test is about).
        var storedBefore = await StoredState.QuietAsync(server.ConnectionString);
        var customerBefore = await server.Api.GetOkAsync($"/api/v1/customers/{seeded.CustomerId}", SecurityKeys.StoreACredential);
        var historyBefore = await server.Api.GetOkAsync($"/api/v1/customers/{seeded.CustomerId}/history", SecurityKeys.StoreACredential);
        var kpisBefore = await KpiTotalsAsync();

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var reply = await server.Api.ReplyAsync(request.Method, request.Path, request.Credential, request.Body, request.ContentType);
            statuses.AddOrUpdate(reply.Code, 1, (_, count) => count + 1);
            if (Judge(request, reply) is { } wrong)
            {
                failures.Add($"{request}: {wrong}");
            }
        });

        output.WriteLine($"{corpus.Count} malformed requests over {Templates.All.Count} endpoints; statuses: {string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}×{pair.Value}"))}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {corpus.Count} malformed requests were not refused properly:\n{string.Join('\n', failures.Take(40))}");

        var storedAfter = await StoredState.QuietAsync(server.ConnectionString);
        Assert.True(storedBefore == storedAfter, $"Malformed requests changed stored state:\n{StoredState.Difference(storedBefore, storedAfter)}");
        Assert.Equal(AccountOf(customerBefore), AccountOf(await server.Api.GetOkAsync($"/api/v1/customers/{seeded.CustomerId}", SecurityKeys.StoreACredential)));
        Assert.Equal(historyBefore.GetRawText(), (await server.Api.GetOkAsync($"/api/v1/customers/{seeded.CustomerId}/history", SecurityKeys.StoreACredential)).GetRawText());
        Assert.Equal(kpisBefore, await KpiTotalsAsync());
    }

    [Fact]
    public async Task Extra_fields_cannot_set_what_the_server_computes_or_change_the_storefront()
    {
        // api.md leaves extra fields to the project: they are ignored. Ignored must mean ignored,
        // including fields named like the ones the server computes or takes from the key.
        var plain = Subject.Fresh($"mass{Guid.NewGuid():N}"[..12], 1);
        var loaded = Subject.Fresh($"mass{Guid.NewGuid():N}"[..12], 2);
        var body = Templates.Purchase(loaded);
        foreach (var (field, value) in new (string, JsonNode)[]
        {
            ("balance", 1_000_000), ("pointsEarned", 1_000_000), ("lifetimePoints", 1_000_000), ("tier", "Platinum"),
            ("storefront", SecurityKeys.StoreB), ("duplicate", true), ("role", "ops"), ("Amount", 100_000),
        })
        {
            body[field] = value;
        }

        var expected = await server.Api.PostOkAsync("/api/v1/purchases", Templates.Purchase(plain), SecurityKeys.StoreACredential);
        var answered = await server.Api.PostOkAsync("/api/v1/purchases", body, SecurityKeys.StoreACredential);

        Assert.Equal(expected.GetProperty("pointsEarned").GetInt64(), answered.GetProperty("pointsEarned").GetInt64());
        Assert.Equal(expected.GetProperty("tier").GetString(), answered.GetProperty("tier").GetString());
        var customer = await server.Api.GetOkAsync($"/api/v1/customers/{loaded.CustomerId}", SecurityKeys.StoreACredential);
        Assert.Equal(expected.GetProperty("balance").GetInt64(), customer.GetProperty("balance").GetInt64());
        // Still store A's order: store B may reuse the id for an order of its own.
        var storeB = await server.Api.PostOkAsync("/api/v1/purchases", Templates.Purchase(loaded), SecurityKeys.StoreBCredential);
        Assert.False(storeB.GetProperty("duplicate").GetBoolean());
    }

    /// <summary>Null when the answer is a proper refusal; a batch may refuse each of its events instead of the whole.</summary>
    private static string? Judge(BadRequest request, Reply reply)
    {
        if (!request.IsBatch || reply.Status != HttpStatusCode.OK)
        {
            return Problems.Check4xx(reply, request.Path);
        }

        var results = reply.Json.GetProperty("results");
        foreach (var result in results.EnumerateArray())
        {
            var status = result.GetProperty("status").GetInt32();
            if (status is < 400 or > 499)
            {
                return $"an event was answered {status}: {reply}";
            }

            if (!result.TryGetProperty("problem", out var problem) || Problems.CheckBody(problem, status) is { } wrong)
            {
                return $"an event's refusal is not a problem: {reply}";
            }
        }

        return results.GetArrayLength() == 0 ? $"a batch with events answered no results: {reply}" : null;
    }

    /// <summary>
    /// The customer read without the repurchase model's figures: once a fit exists (the access
    /// matrix makes one) they observe the customer until the moment of the read, so they move
    /// with the clock, not with anything a request changed.
    /// </summary>
    private static string AccountOf(JsonElement customer)
    {
        var account = JsonNode.Parse(customer.GetRawText())!.AsObject();
        account.Remove("pAlive");
        account.Remove("expectedPurchases90d");
        return account.ToJsonString();
    }

    private async Task PutOkAsync(string path, JsonObject body)
    {
        var reply = await server.Api.ReplyAsync(HttpMethod.Put, path, SecurityKeys.OpsCredential, body.ToJsonString());
        Assert.True(reply.Status == HttpStatusCode.OK, $"PUT {path} was not saved: {reply}");
    }

    private async Task<string> KpiTotalsAsync()
    {
        var snapshot = await server.Api.GetOkAsync("/api/v1/kpis", SecurityKeys.OpsCredential);
        return snapshot.GetProperty("allTime").GetRawText() + snapshot.GetProperty("pointsOutstanding").GetRawText();
    }
}
