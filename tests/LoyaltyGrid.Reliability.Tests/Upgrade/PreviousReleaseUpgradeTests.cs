using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Reliability.Tests.Upgrade;

/// <summary>
/// A database the release before the event journal wrote (previous-release.sql, made by
/// make-previous-release.sh) is restored and this release started on it: it must import it at
/// start-up and answer exactly what the previous release answered.
/// </summary>
public sealed class PreviousReleaseUpgradeTests
{
    // The keys make-previous-release.sh configured the previous release with.
    private const string StorefrontKey = "sf_upgrade_fixture_key_0123456789";
    private const string OpsKey = "ops_upgrade_fixture_key_0123456789";

    [Fact]
    public async Task A_previous_release_database_is_imported_once_and_answers_as_before()
    {
        var connectionString = await RestoreAsync();
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Fixture("previous-release-answers.json")))!;
        var environment = Environment(connectionString);

        var server = ServerProcess.Start(environment);
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
            Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state WHERE state_name IN ('customer', 'session')"));

            foreach (var (customerId, expected) in recorded["customers"]!.AsObject())
            {
                var account = await GetAsync(server, $"/api/v1/customers/{customerId}", StorefrontKey);
                foreach (var field in new[] { "balance", "tier", "lifetimePoints", "orders", "netSpend", "openComplaints" })
                {
                    Assert.True(JsonNode.DeepEquals(expected!["account"]![field], account[field]), $"{customerId}.{field}: expected {expected["account"]![field]}, got {account[field]}");
                }

                var history = await GetAsync(server, $"/api/v1/customers/{customerId}/history?limit=100", StorefrontKey);
                Assert.True(JsonNode.DeepEquals(expected!["history"], history), $"{customerId} history: expected {expected["history"]}, got {history}");
            }

            await WaitForProjectionsAsync(server);
            var kpis = await GetAsync(server, "/api/v1/kpis", OpsKey);
            // The parts of the snapshot that do not move with the clock alone ("today", "live" and
            // the lifecycle stages do, so they differ between the recording and this run).
            foreach (var part in new[] { "allTime", "cohorts", "tiers", "openComplaints", "pointsOutstanding", "repeatPurchaseRate" })
            {
                Assert.True(SameValues(recorded["kpis"]![part], kpis[part]), $"grid KPIs {part}: expected {recorded["kpis"]![part]}, got {kpis[part]}");
            }

            // A retry of an event the previous release applied is answered with its original receipt.
            var retry = recorded["retry"]!;
            var retried = await PostAsync(server, retry["path"]!.GetValue<string>(), retry["body"]!.ToJsonString());
            Assert.Equal(HttpStatusCode.OK, retried.Status);
            // This release's purchase answers also name the campaigns that applied; that release had none.
            var retryAnswer = recorded["retryAnswer"]!.DeepClone().AsObject();
            retryAnswer["campaigns"] = new JsonArray();
            Assert.True(JsonNode.DeepEquals(retryAnswer, retried.Body), $"retry: expected {retryAnswer}, got {retried.Body}");

            // And the imported customer takes new events.
            var before = (await GetAsync(server, "/api/v1/customers/u-alice", StorefrontKey))["balance"]!.GetValue<long>();
            var purchase = await PostAsync(server, "/purchases",
                $$"""{"orderId":"o-after-upgrade","customerId":"u-alice","amount":20.00,"currency":"EUR","market":"DE","occurredAt":"{{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}}"}""");
            Assert.Equal(HttpStatusCode.OK, purchase.Status);
            Assert.False(purchase.Body["duplicate"]!.GetValue<bool>());
            var after = (await GetAsync(server, "/api/v1/customers/u-alice", StorefrontKey))["balance"]!.GetValue<long>();
            Assert.True(after > before, $"balance {before} → {after} after a new purchase");

            // Restarting finds nothing to import: the journal is not written a second time.
            var journaled = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM journal WHERE type IN ('imported', 'imported-receipt', 'imported-delivery', 'session-imported', 'kpi-baseline')");
            await server.StopGracefullyAsync();
            var restarted = ServerProcess.Restart(server, environment);
            await server.DisposeAsync();
            server = restarted;
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
            Assert.Equal(journaled, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM journal WHERE type IN ('imported', 'imported-receipt', 'imported-delivery', 'session-imported', 'kpi-baseline')"));
            Assert.DoesNotContain("Importing the previous release", server.Output, StringComparison.Ordinal);
            var reread = await GetAsync(server, "/api/v1/customers/u-alice", StorefrontKey);
            Assert.Equal(after, reread["balance"]!.GetValue<long>());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// The dump's outboxes were all delivered before it was taken; here one customer still owes
    /// KPI changes (one contribution some scopes already applied, one none did), a referral award
    /// and a session conversion, as a previous-release server killed at the wrong moment leaves
    /// them. Each must count exactly once after the upgrade.
    /// </summary>
    [Fact]
    public async Task What_the_previous_release_still_owed_is_delivered_once()
    {
        var connectionString = await RestoreAsync();
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Fixture("previous-release-answers.json")))!;
        var acceptedAt = DateTimeOffset.Parse("2026-12-05T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        // The grid applied u-bob's contributions up to 3 (kpi_source_mark), market:FR only up to 2.
        var review = new KpiDelta(KpiScope.Grid, KpiMetrics.Reviews, KpiBucket.AllTime, null, 1);
        var frenchReview = review with { Scope = KpiScope.Market("FR") };
        var pending = new JsonArray(
            Contribution(3, acceptedAt, review, frenchReview),
            Contribution(4, acceptedAt, review, frenchReview));
        var awards = new JsonArray(new JsonObject { ["referrerId"] = "u-carol", ["occurredAt"] = "2026-12-05T23:00:00+00:00" });
        var conversions = new JsonArray(new JsonObject
        {
            ["storefront"] = "shop-a", ["sessionId"] = "s-3", ["market"] = "DE", ["purchasedAt"] = "2026-12-05T22:55:00+00:00",
        });
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var owe = dataSource.CreateCommand("""
            UPDATE grain_state
            SET payload = jsonb_set(jsonb_set(jsonb_set(payload, '{kpis,pending}', $1::jsonb), '{pendingAwards}', $2::jsonb), '{pendingConversions}', $3::jsonb)
            WHERE state_name = 'customer' AND grain_key = 'u-bob'
            """))
        {
            owe.Parameters.Add(new NpgsqlParameter { Value = pending.ToJsonString() });
            owe.Parameters.Add(new NpgsqlParameter { Value = awards.ToJsonString() });
            owe.Parameters.Add(new NpgsqlParameter { Value = conversions.ToJsonString() });
            Assert.Equal(1, await owe.ExecuteNonQueryAsync());
        }

        await using var server = ServerProcess.Start(Environment(connectionString));
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        await WaitForProjectionsAsync(server);
        // A delivery (the conversion) journals on the session's stream, possibly after the KPI
        // projection's lag was read above but before the delivery's own was: read them again.
        await WaitForProjectionsAsync(server);

        var grid = (await GetAsync(server, "/api/v1/kpis", OpsKey))["allTime"]!;
        var expectedGrid = recorded["kpis"]!["allTime"]!;
        // Contribution 3 was applied on the grid already; only 4 adds its review.
        Assert.Equal(expectedGrid["reviews"]!.GetValue<long>() + 1, grid["reviews"]!.GetValue<long>());
        Assert.Equal(expectedGrid["convertedSessions"]!.GetValue<long>() + 1, grid["convertedSessions"]!.GetValue<long>());
        var france = (await GetAsync(server, "/api/v1/kpis?market=FR", OpsKey))["allTime"]!;
        // market:FR had applied neither, so both count there.
        Assert.Equal(2, france["reviews"]!.GetValue<long>());

        var carol = await GetAsync(server, "/api/v1/customers/u-carol/history?limit=100", StorefrontKey);
        var referrals = carol["movements"]!.AsArray().Where(movement => movement!["kind"]!.GetValue<string>() == "referral").ToList();
        Assert.Single(referrals);
        Assert.Equal("u-bob", referrals[0]!["referenceId"]!.GetValue<string>());
    }

    private static JsonObject Contribution(long seq, DateTimeOffset acceptedAt, params KpiDelta[] deltas) => new()
    {
        ["source"] = "customer:u-bob",
        ["seq"] = seq,
        ["acceptedAt"] = acceptedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["deltas"] = JsonSerializer.SerializeToNode(deltas, JournaledEvent.Json),
    };

    private static Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["ConnectionStrings__LoyaltyGrid"] = connectionString,
        ["Auth__ApiKeys__0__Key"] = StorefrontKey,
        ["Auth__ApiKeys__0__Role"] = "storefront",
        ["Auth__ApiKeys__0__Storefront"] = "shop-a",
        ["Auth__ApiKeys__1__Key"] = OpsKey,
        ["Auth__ApiKeys__1__Role"] = "ops",
        ["Auth__TokenSigningKey"] = "upgrade-fixture-signing-key-0123456789",
    };

    /// <summary>
    /// Equal JSON, numbers compared as numbers: this release writes ratios with decimal's 28 digits
    /// and keeps an amount's scale (10.80) where the previous one wrote doubles (0.6666666666666666, 10.8).
    /// </summary>
    private static bool SameValues(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (null, null) => true,
        // Figures this release added (surveys, sentiment, rewards) are absent from the recording; the
        // previous release's data holds none of them, so they must read as zero.
        (JsonObject e, JsonObject a) => e.All(property => a.ContainsKey(property.Key) && SameValues(property.Value, a[property.Key]))
            && a.Where(property => !e.ContainsKey(property.Key)).All(property => IsZero(property.Value)),
        (JsonArray e, JsonArray a) => e.Count == a.Count && e.Zip(a).All(pair => SameValues(pair.First, pair.Second)),
        // The previous release wrote ratios with every digit; this one rounds them to the six
        // decimals docs/kpis.md documents, so the same value may differ by half the last digit.
        (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number =>
            Math.Abs(e.GetValue<double>() - a.GetValue<double>()) <= 0.5e-6 + 1e-9 * Math.Max(1, Math.Abs(e.GetValue<double>())),
        _ => JsonNode.DeepEquals(expected, actual),
    };

    private static bool IsZero(JsonNode? node) => node switch
    {
        null => true,
        JsonObject figures => figures.All(property => IsZero(property.Value)),
        JsonArray items => items.Count == 0,
        JsonValue value => value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() == 0,
        _ => false,
    };

    private static string Fixture(string name) => Repository.File("tests", "LoyaltyGrid.Reliability.Tests", "Upgrade", name);

    /// <summary>A new database holding the dump, restored on a connection of its own: the dump changes its session's settings.</summary>
    internal static async Task<string> RestoreAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("upgrade");
        var restore = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(restore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(Fixture("previous-release.sql")), connection);
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }

    private static async Task<JsonNode> GetAsync(ServerProcess server, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", key);
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(ServerProcess server, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1" + path, UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", StorefrontKey);
        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The KPI and delivery projections have folded every journaled entry, the imported ones included.</summary>
    private static async Task WaitForProjectionsAsync(ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await GetAsync(server, "/api/v1/admin/projections", OpsKey);
            var lagging = status["projections"]!.AsArray().Where(projection => projection!["lagEvents"]!.GetValue<long>() > 0).ToList();
            if (lagging.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"projections still behind: {status}");
            await Task.Delay(250);
        }
    }
}
