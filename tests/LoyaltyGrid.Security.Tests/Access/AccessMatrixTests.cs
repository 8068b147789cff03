using System.Net;
using System.Text;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;
using Xunit.Abstractions;

namespace LoyaltyGrid.Security.Tests.Access;

/// <summary>
/// Every endpoint × every kind of credential, against an explicit table of what api.md allows:
/// 401 for a missing, unknown, expired, tampered or revoked credential; 403 for a valid one of
/// the wrong role or customer; the endpoint's own success (or 404, where another storefront's
/// ids are not its own) otherwise.
/// </summary>
[Collection(SecurityServerCollection.Name)]
public sealed class AccessMatrixTests(SecurityServer server, ITestOutputHelper output) : IAsyncLifetime
{
    // Columns of the table, in this order.
    private static readonly string[] Kinds = ["none", "ops", "storefront", "other storefront", "own token", "other's token", "expired token", "tampered token", "revoked key"];

    private const int Ok = 200;
    private const int Accepted = 202;
    private const int NoContent = 204;
    private const int Unauthorized = 401;
    private const int Forbidden = 403;
    private const int NotFound = 404;

    /// <summary>
    /// The expected status per endpoint and credential kind (columns as <see cref="Kinds"/>).
    /// Another storefront may read, redeem for and erase any customer (one programme spans all
    /// storefronts), claim rewards for them and take any customer's coupon at checkout, but cannot refund or progress the first storefront's orders and complaints:
    /// its own ids are its own. The hub reads only an ops key (a bearer token there is taken as
    /// a key, so a customer token is unknown: 401). Customers may also claim rewards for themselves
    /// and read the catalogue, which every credential may; the catalogue, campaigns, insight
    /// reports and the webhook log are otherwise ops' (the catalogue's changes too). /metrics, /board, /healthz and /readyz carry no
    /// customer data and answer anyone.
    /// </summary>
    private static readonly Dictionary<string, int[]> Expected = new()
    {
        //                                 none          ops        storefront other sf   own token  other's    expired       tampered      revoked
        ["purchase"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["refund"] = [Unauthorized, Forbidden, Ok, NotFound, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["visit"] = [Unauthorized, Forbidden, Accepted, Accepted, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["complaint"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["complaint response"] = [Unauthorized, Forbidden, Ok, NotFound, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["complaint resolution"] = [Unauthorized, Forbidden, Ok, NotFound, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["review"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["survey"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["referral"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["batch"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["token"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["read"] = [Unauthorized, Forbidden, Ok, Ok, Ok, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["history"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["history csv"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["redemption"] = [Unauthorized, Forbidden, Ok, Ok, Ok, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["erasure"] = [Unauthorized, Forbidden, NoContent, NoContent, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["reward put"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["rewards"] = [Unauthorized, Ok, Ok, Ok, Ok, Ok, Unauthorized, Unauthorized, Unauthorized],
        ["claim"] = [Unauthorized, Forbidden, Ok, Ok, Ok, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["coupon redemption"] = [Unauthorized, Forbidden, Ok, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["campaign put"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["campaigns"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["kpis"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["channels"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["experiment"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["model fit"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["alerts"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["webhook deliveries"] = [Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized],
        ["hub"] = [Unauthorized, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
        ["dashboard"] = [Unauthorized, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
        ["dashboard data"] = [Unauthorized, Ok, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
        ["dashboard grain state"] = [Unauthorized, Forbidden, Forbidden, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
        ["metrics"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["board"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["healthz"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
        ["readyz"] = [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
    };

    private readonly string _prefix = $"acc{Guid.NewGuid():N}"[..11];
    private Subject _own = null!;
    private Subject _other = null!;
    private Dictionary<string, Credential> _credentials = null!;
    private int _sequence;

    public async Task InitializeAsync()
    {
        _own = Subject.Fresh(_prefix, 1);
        _other = Subject.Fresh(_prefix, 2);
        foreach (var subject in new[] { _own, _other })
        {
            var purchase = Templates.Purchase(subject);
            purchase["amount"] = 500.00m;
            await server.Api.PostOkAsync("/api/v1/purchases", purchase, SecurityKeys.StoreACredential);
            await server.Api.PostOkAsync("/api/v1/complaints", Templates.Complaint(subject), SecurityKeys.StoreACredential);
        }

        // A repeat buyer (another day: a day is one purchase occasion), so that the ops key's model fit
        // has something to fit rather than answering 409.
        var again = Templates.Purchase(_own with { OrderId = $"{_own.OrderId}-again" });
        again["occurredAt"] = Templates.At(hoursAgo: 72);
        await server.Api.PostOkAsync("/api/v1/purchases", again, SecurityKeys.StoreACredential);

        // The reward every claim asks for (one point each), and an experiment with a session in it,
        // whose report exists once the attribution projection has folded the visit.
        var reward = await server.Api.ReplyAsync(HttpMethod.Put, $"/api/v1/rewards/{_own.RewardId}", SecurityKeys.OpsCredential, Templates.Reward(_own).ToJsonString());
        Assert.True(reward.Code == Ok, $"The reward was not saved: {reward}");
        Assert.Equal(Accepted, (await server.Api.PostReplyAsync("/api/v1/visits", Templates.ExperimentVisit(_own), SecurityKeys.StoreACredential)).Code);
        await ExperimentReportAsync();

        var ownToken = await server.Api.IssueTokenAsync(_own.CustomerId);
        var otherToken = await server.Api.IssueTokenAsync(_other.CustomerId);
        var parts = ownToken.Split('.');
        // The other customer's claims under the own token's signature.
        var forgedPayload = SecurityKeys.SignToken(_other.CustomerId, TimeProvider.System.GetUtcNow().AddHours(1)).Split('.')[1];
        _credentials = new Dictionary<string, Credential>
        {
            ["none"] = Credential.None,
            ["ops"] = SecurityKeys.OpsCredential,
            ["storefront"] = SecurityKeys.StoreACredential,
            ["other storefront"] = SecurityKeys.StoreBCredential,
            ["own token"] = new("own token", null, ownToken),
            ["other's token"] = new("other's token", null, otherToken),
            ["expired token"] = new("expired token", null, SecurityKeys.SignToken(_own.CustomerId, TimeProvider.System.GetUtcNow().AddMinutes(-1))),
            ["tampered token"] = new("tampered token", null, $"{parts[0]}.{forgedPayload}.{parts[2]}"),
            ["revoked key"] = SecurityKeys.RevokedCredential,
        };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_endpoint_answers_every_credential_kind_as_the_table_says()
    {
        Assert.Equal(Templates.All.Select(template => template.Name).Order(), Expected.Keys.Intersect(Templates.All.Select(template => template.Name)).Order());
        var mismatches = new List<string>();
        var table = new StringBuilder($"{"endpoint",-22}" + string.Concat(Kinds.Select(kind => $"{kind,17}")) + "\n");
        foreach (var (endpoint, expected) in Expected)
        {
            table.Append($"{endpoint,-22}");
            for (var column = 0; column < Kinds.Length; column++)
            {
                var kind = Kinds[column];
                var reply = await CallAsync(endpoint, kind);
                table.Append($"{reply.Code,17}");
                if (reply.Code != expected[column])
                {
                    mismatches.Add($"{endpoint} with {kind}: expected {expected[column]}, got {reply}");
                }
                else if (reply.Code >= 400 && Problems.Check4xx(reply, "") is { } wrong)
                {
                    mismatches.Add($"{endpoint} with {kind}: {wrong}");
                }
                else if (reply.Code == Unauthorized && !reply.HasChallenge)
                {
                    mismatches.Add($"{endpoint} with {kind}: a 401 without WWW-Authenticate");
                }
            }

            table.Append('\n');
        }

        output.WriteLine(table.ToString());
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_by_name_however_it_is_presented_and_changes_nothing()
    {
        var subject = Subject.Fresh(_prefix, 3);
        var hubWithQuery = await server.Api.ReplyAsync(HttpMethod.Post, $"/hubs/kpi/negotiate?negotiateVersion=1&access_token={SecurityKeys.RevokedKey}", Credential.None);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"ops:{SecurityKeys.RevokedKey}"));
        using var dashboardRequest = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        dashboardRequest.Headers.TryAddWithoutValidation("Authorization", $"Basic {basic}");
        using var dashboard = await server.Http.SendAsync(dashboardRequest);
        var purchase = await server.Api.PostReplyAsync("/api/v1/purchases", Templates.Purchase(subject), SecurityKeys.RevokedCredential);

        Assert.Equal(HttpStatusCode.Unauthorized, hubWithQuery.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
        Assert.Null(Problems.Check4xx(purchase, ""));
        Assert.Equal(HttpStatusCode.Unauthorized, purchase.Status);
        Assert.Contains("revoked", purchase.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SecurityKeys.RevokedKey, purchase.Body, StringComparison.Ordinal);
        var read = await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{subject.CustomerId}", SecurityKeys.StoreACredential);
        Assert.Equal(HttpStatusCode.NotFound, read.Status);
    }

    private async Task ExperimentReportAsync()
    {
        var path = Templates.Named("experiment").Path(_own);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        Reply report;
        while ((report = await server.Api.ReplyAsync(HttpMethod.Get, path, SecurityKeys.OpsCredential)).Code == NotFound && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(report.Code == Ok, $"The experiment's report did not appear: {report}");
    }

    private Task<Reply> CallAsync(string endpoint, string kind)
    {
        var credential = _credentials[kind];
        var fresh = Subject.Fresh(_prefix, 1000 + Interlocked.Increment(ref _sequence));
        var own = _own with { EventId = fresh.EventId, SessionId = fresh.SessionId };
        switch (endpoint)
        {
            case "hub":
                return server.Api.ReplyAsync(HttpMethod.Post, "/hubs/kpi/negotiate?negotiateVersion=1", credential);
            case "dashboard":
                return server.Api.ReplyAsync(HttpMethod.Get, "/dashboard/", credential);
            case "dashboard data":
                return server.Api.ReplyAsync(HttpMethod.Get, "/dashboard/ClusterStats", credential);
            case "dashboard grain state":
                return server.Api.ReplyAsync(HttpMethod.Get, "/dashboard/GrainState", credential);
            case "metrics" or "board" or "healthz" or "readyz":
                return server.Api.ReplyAsync(HttpMethod.Get, $"/{endpoint}", credential);
            case "erasure" when credential.ApiKey is SecurityKeys.StoreAKey or SecurityKeys.StoreBKey:
                return EraseFreshCustomerAsync(fresh, credential);
            case "coupon redemption":
                // A coupon is taken once: every call gets one of its own.
                return RedeemFreshCouponAsync(own, fresh, credential);
        }

        var template = Templates.Named(endpoint);
        // Events and definitions that create something get ids of their own; those about the seeded
        // customer's order, complaint, reward and experiment (refund, progress, review, redemption,
        // claim, reads, the experiment report) name the seeded ones.
        var subject = endpoint is "purchase" or "visit" or "complaint" or "referral" or "batch" or "survey" or "reward put" or "campaign put" ? fresh : own;
        var body = template.Body?.Invoke(subject);
        if (endpoint == "refund")
        {
            body!["amount"] = 0.01m;
        }

        return server.Api.ReplyAsync(template.Method, template.Path(subject), credential, body?.ToJsonString(), body is null ? null : "application/json");
    }

    private async Task<Reply> RedeemFreshCouponAsync(Subject own, Subject fresh, Credential credential)
    {
        var claim = await server.Api.PostOkAsync($"/api/v1/customers/{own.CustomerId}/claims", Templates.Claim(own), SecurityKeys.StoreACredential);
        var coupon = own with { CouponCode = claim.GetProperty("couponCode").GetString()! };
        var template = Templates.Named("coupon redemption");
        return await server.Api.ReplyAsync(template.Method, template.Path(coupon), credential, Templates.CouponRedemption(fresh).ToJsonString());
    }

    private async Task<Reply> EraseFreshCustomerAsync(Subject fresh, Credential credential)
    {
        await server.Api.PostOkAsync("/api/v1/purchases", Templates.Purchase(fresh), SecurityKeys.StoreACredential);
        return await server.Api.ReplyAsync(HttpMethod.Delete, $"/api/v1/customers/{fresh.CustomerId}", credential);
    }
}
