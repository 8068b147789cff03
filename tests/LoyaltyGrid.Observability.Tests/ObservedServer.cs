using System.Globalization;
using System.Net;
using System.Text.Json;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Observability.Tests;

[CollectionDefinition(Name)]
public sealed class ObservedServerCollection : ICollectionFixture<ObservedServer>
{
    public const string Name = "observed server";
}

/// <summary>
/// One real server, logging JSON, that has seen purchases, refunds, redemptions, complaints with
/// notes, reviews with texts and refused requests, all carrying values distinctive enough to be
/// searched for in /metrics and in the server's output. Every test class of this project reads
/// the same server, so the project starts one process.
/// </summary>
public sealed class ObservedServer : ServerFixture
{
    public const string ClusterId = "obs-cluster-4d2e";

    // Each customer, session, note and review text is a value no metric or log line may show.
    public const string Wombat = "cust-Wombat-4471";
    public const string Narwhal = "cust-Narwhal-8123";
    public const string Pangolin = "cust-Pangolin-5530";
    public const string Session = "sess-Axolotl-7702";
    public const string BatchSession = "sess-Capybara-6614";
    public const string Note = "NOTE-Marmalade-Zeppelin parcel left at the neighbour's";
    public const string ReviewText = "REVIEW-Quokka-Harpsichord arrived quickly, lovely";
    public const string SurveyComment = "COMMENT-Okapi-Bassoon terrible service, broken and late, very disappointed";

    /// <summary>Only two storefronts and two markets get series of their own; the third market (US) is "other".</summary>
    public const int MaxLabelValues = 2;

    /// <summary>Points the responses said were earned, reversed and redeemed.</summary>
    public long PointsEarned { get; private set; }

    public long PointsReversed { get; private set; }

    public long PointsRedeemed { get; private set; }

    /// <summary>Every value that must not appear in /metrics or the server's output.</summary>
    public static IReadOnlyList<string> PersonalData { get; } = [Wombat, Narwhal, Pangolin, Session, BatchSession, Note, ReviewText, SurveyComment, "Marmalade", "Quokka", "Okapi"];

    public static IReadOnlyList<string> Secrets => TestCredentials.Secrets;

    /// <summary>What the server logs for the traffic's last request; once it is there, all of it is.</summary>
    public const string LastRequestLog = "HTTP GET /healthz answered 200";

    protected override string Purpose => "observability";

    protected override void Configure(ServerProcessBuilder server) => server
        .With("Orleans__ClusterId", ClusterId)
        .With("Logging__Console__FormatterName", "json")
        // Louder than the defaults, so that the checks for personal data cover more of what
        // an operator could turn on; ASP.NET Core's own request logs must stay off regardless.
        .With("Logging__LogLevel__LoyaltyGrid", "Debug")
        .With("Logging__LogLevel__Microsoft.AspNetCore", "Information")
        .With("Logging__LogLevel__Orleans", "Information")
        .With("Observability__MaxLabelValues", MaxLabelValues.ToString(CultureInfo.InvariantCulture))
        .With("Observability__KpiGaugeInterval", "00:00:00.300");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SendTrafficAsync();
    }

    public async Task<string> MetricsAsync()
    {
        var reply = await Api.ReplyAsync(HttpMethod.Get, "/metrics", Credential.None);
        Assert.True(reply.Status == HttpStatusCode.OK, $"GET /metrics: {reply}");
        return reply.Body;
    }

    /// <summary>The KPI snapshot of a scope, as ops read it over the API.</summary>
    public Task<JsonElement> KpisAsync(string query = "") => Api.GetOkAsync("/api/v1/kpis" + query, TestCredentials.OpsCredential);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="describe"/> of the last state otherwise.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, Func<T, string> describe, TimeSpan? patience = null)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        var last = await read();
        while (!condition(last))
        {
            if (clock.GetElapsedTime(started) > (patience ?? TimeSpan.FromSeconds(20)))
            {
                Assert.Fail($"Not reached in time; last seen:\n{describe(last)}");
            }

            await Task.Delay(200);
            last = await read();
        }

        return last;
    }

    private async Task SendTrafficAsync()
    {
        var at = TimeProvider.System.GetUtcNow();
        var now = EventBodies.Timestamp(at);

        await ExpectAsync(HttpStatusCode.Accepted, HttpMethod.Post, "/api/v1/visits", new { sessionId = Session, customerId = Wombat, market = "DE", occurredAt = now, channel = "Email" });
        var first = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/purchases", Purchase("A-1", Wombat, 100m, "DE", at, Session));
        PointsEarned += first.GetProperty("pointsEarned").GetInt64();
        PointsEarned += (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/purchases", Purchase("A-2", Wombat, 50m, "DE", at))).GetProperty("pointsEarned").GetInt64();
        PointsEarned += (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/purchases", Purchase("B-1", Narwhal, 80m, "FR", at))).GetProperty("pointsEarned").GetInt64();

        // The very same purchase again: a duplicate, not a second order.
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/purchases", Purchase("A-1", Wombat, 100m, "DE", at, Session));

        // Refused before any grain: no credential, a storefront's event with the ops key, a bad
        // field, an unknown currency; and by the grain: an unknown order, too few points.
        await ExpectAsync(HttpStatusCode.Unauthorized, HttpMethod.Post, "/api/v1/purchases", Purchase("A-9", Wombat, 10m, "DE", at), Credential.None);
        await ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/api/v1/purchases", Purchase("A-9", Wombat, 10m, "DE", at), TestCredentials.OpsCredential);
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/v1/purchases", Purchase("A-9", Wombat, -5m, "DE", at));
        await ExpectAsync(HttpStatusCode.UnprocessableEntity, HttpMethod.Post, "/api/v1/purchases", new { orderId = "A-9", customerId = Wombat, amount = 10m, currency = "XYZ", market = "DE", occurredAt = now });
        await ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/refunds", new { refundId = "R-9", orderId = "NOPE-1", customerId = Wombat, amount = 5m, occurredAt = now });

        PointsReversed += (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/refunds", new { refundId = "R-1", orderId = "A-1", customerId = Wombat, amount = 30m, occurredAt = now }))
            .GetProperty("pointsReversed").GetInt64();
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/customers/{Wombat}/redemptions", new { redemptionId = "RD-1", points = 20 });
        PointsRedeemed += 20;
        await ExpectAsync(HttpStatusCode.Conflict, HttpMethod.Post, $"/api/v1/customers/{Wombat}/redemptions", new { redemptionId = "RD-2", points = 1_000_000 });

        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/complaints", new { complaintId = "CP-1", customerId = Wombat, orderId = "A-1", category = "logistics", occurredAt = now, note = Note });
        PointsEarned += (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/reviews", new { reviewId = "RV-1", customerId = Wombat, orderId = "A-2", rating = 5, occurredAt = now, text = ReviewText }))
            .GetProperty("pointsEarned").GetInt64();

        // A complaint filed 25 hours ago is past its 24-hour first-response deadline as it arrives: one SLA breach.
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/complaints", new { complaintId = "CP-2", customerId = Narwhal, category = "service", occurredAt = EventBodies.Timestamp(at.AddHours(-25)) });

        // A promoter and a detractor (NPS 0 over two answers) and one satisfied CSAT answer, one of them the customer's.
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/surveys", EventBodies.Survey("SV-1", "nps", 10, at, customerId: Wombat));
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/surveys", EventBodies.Survey("SV-2", "nps", 2, at, comment: SurveyComment));
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/surveys", EventBodies.Survey("SV-3", "csat", 5, at));

        // The customer's own token, on a path that names the customer.
        var token = (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, $"/api/v1/customers/{Wombat}/tokens", null)).GetProperty("token").GetString();
        var read = await Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{Wombat}", Credential.Bearer(token!));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        await ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"/api/v1/customers/{Pangolin}", null);

        var batch = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/events:batch", new
        {
            events = new object[]
            {
                new { type = "visit", sessionId = BatchSession, market = "FR", occurredAt = now },
                new { type = "lottery", customerId = Narwhal },
            },
        });
        Assert.Equal(new[] { 202, 400 }, batch.GetProperty("results").EnumerateArray().Select(result => result.GetProperty("status").GetInt32()));

        // DE and FR take the two market series before a third market shows up.
        await EventuallyAsync(MetricsAsync, text => PrometheusText.Parse(text).Any(sample =>
            sample.Name == "loyaltygrid_kpi_orders" && sample.Label("market") == "FR"), text => text);

        // Narwhal referred Pangolin, whose first purchase (in the US) pays Narwhal the referral points.
        await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/referrals", new { referralId = "RF-1", referrerId = Narwhal, refereeId = Pangolin, occurredAt = now });
        PointsEarned += (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/api/v1/purchases", Purchase("C-1", Pangolin, 40m, "US", at))).GetProperty("pointsEarned").GetInt64();

        using var last = await Process.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        last.EnsureSuccessStatusCode();
    }

    private Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, object? body) =>
        ExpectAsync(expected, method, path, body, TestCredentials.StoreACredential);

    private async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, object? body, Credential credential)
    {
        var reply = await Api.ReplyAsync(method, path, credential, body is null ? null : JsonSerializer.Serialize(body, ApiClient.Json));
        Assert.True(reply.Status == expected, $"{method} {path}: expected {(int)expected}, got {reply}");
        return reply.Json;
    }

    private static object Purchase(string orderId, string customerId, decimal amount, string market, DateTimeOffset occurredAt, string? sessionId = null) =>
        EventBodies.Purchase(orderId, customerId, amount, occurredAt, market: market, sessionId: sessionId);
}
