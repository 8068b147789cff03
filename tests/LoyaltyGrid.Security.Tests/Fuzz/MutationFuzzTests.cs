using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;
using Xunit.Abstractions;

namespace LoyaltyGrid.Security.Tests.Fuzz;

/// <summary>A server and database of the fuzzer's own, so that everything stored in it was put there by the fuzzer.</summary>
public sealed class FuzzServer : SecurityServer
{
    protected override string Purpose => "fuzz";

    // Default logging: ten thousand requests' worth of debug lines would only slow the run.
    protected override void ConfigureLimits(ServerProcessBuilder server) =>
        server.With("Api__RateLimit__PermitsPerSecond", "1000000");
}

/// <summary>
/// Seeded mutations of valid requests to every endpoint: bodies, route ids and query values. Every
/// answer is 2xx or a 4xx problem, never 5xx; each case is about a customer, events, a session, a
/// reward and a campaign of its own, so afterwards the events, customers, sessions, anonymous
/// survey answers, rewards, coupons and campaigns stored (SQL) and the KPI totals must be exactly
/// what the acknowledged cases imply: a refused case leaves nothing behind.
/// <para>
/// <c>LOYALTYGRID_FUZZ_CASES</c> sets the number of cases (10,000 by default) and
/// <c>LOYALTYGRID_FUZZ_SEED</c> the seed (random by default, always printed); a failure names
/// the seed and case, and the same seed gives the same requests again.
/// </para>
/// </summary>
public sealed class MutationFuzzTests(FuzzServer server, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    public const int DefaultCases = 10_000;

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=utf-8",
        "application/merge-patch+json", "application/problem+json", "application/json; charset=latin1", "*/*", "",
    ];

    [Fact]
    public async Task Fuzz_mutated_requests_to_every_endpoint_are_2xx_or_4xx_problems_and_refusals_leave_nothing_behind()
    {
        var cases = Setting("LOYALTYGRID_FUZZ_CASES") is { } configured ? int.Parse(configured, CultureInfo.InvariantCulture) : DefaultCases;
        var seed = Setting("LOYALTYGRID_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var reproduce = $"LOYALTYGRID_FUZZ_SEED={seed} LOYALTYGRID_FUZZ_CASES={cases} dotnet test tests/LoyaltyGrid.Security.Tests --filter Fuzz";
        output.WriteLine($"Fuzz seed {seed}, {cases} cases; to repeat: {reproduce}");
        // Printed at once as well, so a run that hangs or crashes still shows its seed.
        Console.WriteLine($"LoyaltyGrid fuzz seed {seed}, {cases} cases; to repeat: {reproduce}");

        var prefix = $"fz{seed:x}";
        var ledger = new AcceptedLedger();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (number, _) =>
        {
            if (failures.Count > 20)
            {
                return;
            }

            var request = FuzzCase.Make(seed, number, prefix, ContentTypes);
            Reply reply;
            try
            {
                reply = await server.Api.ReplyAsync(request.Method, request.Path, request.Credential, request.Body, request.ContentType);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"case {number}: {request}\n  no answer: {ex.Message}");
                return;
            }

            statuses.AddOrUpdate(reply.Code, 1, (_, count) => count + 1);
            if (Judge(request, reply, ledger) is { } wrong)
            {
                failures.Enqueue($"case {number}: {request}\n  {wrong}");
            }
        });

        output.WriteLine($"{cases} cases in {started.Elapsed.TotalSeconds:F1} s; {ledger.Accepted} events acknowledged; statuses: {string.Join(", ", statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}×{pair.Value}"))}");
        Assert.True(failures.IsEmpty, $"Seed {seed} ({reproduce}):\n{string.Join('\n', failures.Take(20))}");
        Assert.True(ledger.Accepted > cases / 50, $"Only {ledger.Accepted} of {cases} cases were accepted: the fuzzer mutates too much to reach the grains.");
        Assert.True(statuses.Keys.Any(code => code is >= 400 and < 500), "No case was refused: the fuzzer mutates nothing.");

        await ExpectStoredStateToMatchAsync(ledger, seed);
        await ExpectKpisToMatchAsync(ledger, seed);
    }

    /// <summary>Null when the answer is allowed: 2xx (recorded in the ledger) or a 4xx problem.</summary>
    private static string? Judge(FuzzCase request, Reply reply, AcceptedLedger ledger)
    {
        if (reply.Code is < 200 or > 299)
        {
            return Problems.Check4xx(reply, request.Path);
        }

        JsonElement sent = default;
        if (request.Body is not null)
        {
            try
            {
                sent = JsonDocument.Parse(request.Body).RootElement.Clone();
            }
            catch (JsonException)
            {
                return $"a body that is not JSON was acknowledged: {reply}";
            }
        }

        // The CSV ledger export is the one acknowledged answer that is not JSON.
        JsonElement? answered = reply.Body.Length == 0 || reply.MediaType != "application/json" ? null : reply.Json;
        if (request.Endpoint != "batch")
        {
            ledger.Record(request.Endpoint, sent, answered, request.RouteId);
            return null;
        }

        var events = sent.GetProperty("events").EnumerateArray().ToList();
        var results = reply.Json.GetProperty("results").EnumerateArray().ToList();
        if (events.Count != results.Count)
        {
            return $"{events.Count} events got {results.Count} results: {reply}";
        }

        for (var index = 0; index < events.Count; index++)
        {
            var status = results[index].GetProperty("status").GetInt32();
            if (status is >= 200 and < 300)
            {
                ledger.Record(events[index].GetProperty("type").GetString()!, events[index], results[index].GetProperty("body"));
            }
            else if (status is < 400 or > 499 || !results[index].TryGetProperty("problem", out var problem) || Problems.CheckBody(problem, status) is not null)
            {
                return $"event {index} was answered {status} without a proper problem: {reply}";
            }
        }

        return null;
    }

    private async Task ExpectStoredStateToMatchAsync(AcceptedLedger ledger, int seed)
    {
        await StoredState.QuietAsync(server.ConnectionString);
        // The ledger knows the events requests named; the grid also journals events of its own
        // (time moving an account on, a referral award, an erasure), which no ledger entry names.
        var storedEvents = (await Sql.ListAsync<string>(server.ConnectionString, $"""
            SELECT DISTINCT split_part(event_id, ':', 1) || '/' || substring(event_id from '[^/]*$')
            FROM journal
            WHERE stream LIKE '{StreamKeys.CustomerPrefix}%'
              AND type NOT IN ('{CustomerEventTypes.Time}', '{CustomerEventTypes.ReferralAward}', '{CustomerEventTypes.Erasure}')
            """)).ToHashSet(StringComparer.Ordinal);
        var storedCustomers = await Sql.ListAsync<string>(server.ConnectionString,
            $"SELECT DISTINCT substr(stream, {StreamKeys.CustomerPrefix.Length + 1}) FROM journal WHERE stream LIKE '{StreamKeys.CustomerPrefix}%'");
        // A session stream is s:{storefront}/{sessionId}; the ledger knows session ids.
        var storedSessions = await Sql.ListAsync<string>(server.ConnectionString,
            $"SELECT DISTINCT substring(stream from position('/' in stream) + 1) FROM journal WHERE stream LIKE '{StreamKeys.SessionPrefix}%'");

        var missing = ledger.Events.Except(storedEvents).Take(10).ToList();
        var extra = storedEvents.Except(ledger.Events).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"Seed {seed}: stored events differ from acknowledged ones. Acknowledged, not stored: {JsonSerializer.Serialize(missing)}; stored, not acknowledged: {JsonSerializer.Serialize(extra)}");
        var strangers = storedCustomers.Where(customer => !ledger.Customers.Contains(customer)).Take(10).ToList();
        if (strangers.Count > 0)
        {
            var payloads = await Sql.ListAsync<string>(server.ConnectionString, $"SELECT type || ' ' || left(payload::text, 1000) FROM journal WHERE stream = {Quote(StreamKeys.Customer(strangers[0]))} ORDER BY seq LIMIT 5");
            Assert.Fail($"Seed {seed}: customers stored that no acknowledged request named: {JsonSerializer.Serialize(strangers)}; the first holds {string.Join('\n', payloads)}");
        }

        var strangeSessions = storedSessions.Where(session => !ledger.Sessions.Contains(session)).Take(10).ToList();
        Assert.True(strangeSessions.Count == 0, $"Seed {seed}: sessions stored that no acknowledged request named: {JsonSerializer.Serialize(strangeSessions)}");
        Assert.Empty(ledger.VisitedSessions.Except(storedSessions));

        // An anonymous answer's stream is v:{storefront}/{responseId}; rewards, coupons and campaigns are rows of their own.
        var storedSurveys = await Sql.ListAsync<string>(server.ConnectionString,
            $"SELECT DISTINCT substring(stream from position('/' in stream) + 1) FROM journal WHERE stream LIKE '{StreamKeys.SurveyPrefix}%'");
        ExpectSame("anonymous survey answers", ledger.AnonymousSurveys, storedSurveys, seed);
        ExpectSame("rewards", ledger.Rewards, await Sql.ListAsync<string>(server.ConnectionString, "SELECT reward_id FROM reward"), seed);
        ExpectSame("coupons", ledger.Coupons.Keys, await Sql.ListAsync<string>(server.ConnectionString, "SELECT code FROM coupon"), seed);
        ExpectSame("campaigns", ledger.Campaigns, await Sql.ListAsync<string>(server.ConnectionString, "SELECT campaign_id FROM campaign"), seed);
    }

    private static void ExpectSame(string what, IEnumerable<string> acknowledged, IEnumerable<string> stored, int seed)
    {
        var expected = acknowledged.ToHashSet(StringComparer.Ordinal);
        var actual = stored.ToHashSet(StringComparer.Ordinal);
        var missing = expected.Except(actual).Take(10).ToList();
        var extra = actual.Except(expected).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Seed {seed}: stored {what} differ from acknowledged ones. Acknowledged, not stored: {JsonSerializer.Serialize(missing)}; stored, not acknowledged: {JsonSerializer.Serialize(extra)}");
    }

    private async Task ExpectKpisToMatchAsync(AcceptedLedger ledger, int seed)
    {
        var expected = $"orders {ledger.Orders}, buyers {ledger.Buyers.Count}, visits {ledger.VisitedSessions.Count}, reviews {ledger.Reviews}";
        var seen = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var allTime = (await server.Api.GetOkAsync("/api/v1/kpis", SecurityKeys.OpsCredential)).GetProperty("allTime");
            seen = $"orders {allTime.GetProperty("orders").GetInt64()}, buyers {allTime.GetProperty("buyers").GetInt64()}, visits {allTime.GetProperty("visits").GetInt64()}, reviews {allTime.GetProperty("reviews").GetInt64()}";
            if (seen == expected)
            {
                output.WriteLine($"KPIs: {seen}");
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Seed {seed}: the grid's all-time KPIs are '{seen}', the acknowledged cases imply '{expected}'.");
    }

    private static string Quote(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

/// <summary>One generated request; the same seed and number always give the same one.</summary>
public sealed record FuzzCase(string Endpoint, HttpMethod Method, string Path, string? Body, string? ContentType, Credential Credential, string? RouteId)
{
    public static FuzzCase Make(int seed, int number, string prefix, string[] contentTypes)
    {
        var random = new Random(HashCode.Combine(seed, number));
        var mutator = new Mutator(random);
        var template = Fuzzed[random.Next(Fuzzed.Count)];
        var subject = Subject.Fresh(prefix, number);
        var credential = template.OpsOnly ? SecurityKeys.OpsCredential : SecurityKeys.FuzzCredential;
        var validPath = template.Path(subject);
        var at = validPath.IndexOf('?', StringComparison.Ordinal);
        var query = at >= 0 ? validPath[(at + 1)..] : null;
        var path = at >= 0 ? validPath[..at] : validPath;

        var routeId = template.Route?.Invoke(subject);
        if (routeId is not null)
        {
            // Erasure goes to customers no other case writes for, so it can never erase an acknowledged case.
            var original = routeId;
            routeId = template.Name == "erasure" ? $"{prefix}-x{number}" : routeId;
            if (random.Next(3) == 0)
            {
                // An erasure's id is only ever made invalid, never shortened or swapped for a
                // common word, which could name a customer another case wrote for.
                routeId = template.Name == "erasure" ? mutator.Corrupt(routeId) : mutator.MutateString(routeId);
            }

            path = path.Replace(original, Escape(routeId), StringComparison.Ordinal);
        }

        if (query is not null)
        {
            path += random.Next(3) switch
            {
                0 when random.Next(3) == 0 => "",
                0 => "?" + string.Join('&', query.Split('&').Select(parameter => parameter.Split('=', 2)).Select(pair =>
                    $"{pair[0]}={(random.Next(2) == 0 ? pair[1] : Escape(mutator.MutateString(Uri.UnescapeDataString(pair[1]))))}")),
                _ => "?" + query,
            };
        }

        string? body = null;
        string? contentType = null;
        if (template.Body is { } valid)
        {
            body = random.Next(10) == 0 ? valid(subject).ToJsonString() : mutator.Mutate(valid(subject));
            contentType = random.Next(12) == 0 ? contentTypes[random.Next(contentTypes.Length)] : "application/json";
        }

        return new(template.Name, template.Method, path, body, contentType, credential, routeId);
    }

    // The model fit and the lists of rewards and campaigns have neither body, route id nor query
    // to mutate, so a fuzz case of them would only refit the model or read a list; their malformed
    // requests are in BadInputCorpus.
    private static readonly IReadOnlyList<Template> Fuzzed = [.. Templates.All.Where(template => template.Name is not ("model fit" or "rewards" or "campaigns"))];

    private static string Escape(string value) => Uri.EscapeDataString(value);

    public override string ToString() => $"{Method} {Short(Path)} ({ContentType ?? "no content type"}) {(Body is null ? "" : Short(Body))}";

    private static string Short(string text) => text.Length > 300 ? $"{text[..300]}… ({text.Length} chars)" : text;
}
