using System.Text;
using System.Text.Json.Nodes;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.BadInput;

/// <summary>One malformed request and what makes it malformed.</summary>
public sealed record BadRequest(string Endpoint, string What, HttpMethod Method, string Path, string? Body, string? ContentType, Credential Credential)
{
    /// <summary>A batch whose envelope is fine may answer 200 with a problem for each event instead.</summary>
    public bool IsBatch => Path.EndsWith("events:batch", StringComparison.Ordinal);

    public override string ToString() => $"{Endpoint}: {What}";
}

/// <summary>
/// Malformed requests for every endpoint of api.md, built from the valid templates: broken JSON,
/// each required field missing or null, every field of the wrong type and out of range, bad ids,
/// amounts, dates, currencies, markets, names, scores, lists and flags, wrong content types,
/// oversized bodies and batches, bad route ids and query values. Every one of them must be
/// refused with a 4xx problem and change nothing.
/// </summary>
public static class BadInputCorpus
{
    private static readonly string[] MalformedJson =
    [
        "", " ", "{", "}", "{\"orderId\":}", "{\"orderId\" \"x\"}", "[]", "[{}]", "null", "42", "\"text\"", "true", "{}",
        "{\"a\":1,}", "{/* comment */}", "{'orderId':'x'}", "{\"amount\":NaN}", "{\"amount\":Infinity}", "{\"amount\":-Infinity}",
        "{\"orderId\":\"unterminated}", "{\"a\":\"\\uZZZZ\"}", "\u00EF\u00BB\u00BF{", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}",
        new string('[', 64) + new string(']', 64), Nest(40),
    ];

    private static readonly JsonNode?[] WrongTypes = [null, JsonValue.Create(42), JsonValue.Create(true), new JsonArray(), new JsonObject(), JsonValue.Create(-0.5m)];

    private static readonly string[] BadIds =
    [
        "", " ", new string('a', 129), new string('x', 100_000), "a b", "a\u0000b", "a\nb", "a\tb", "\u007F", "é", "𝄞", "a/b", "../etc/passwd",
        "a%2Fb", "<script>", "a'b", "a\"b", "a\\b", "\u200Bab", "a\u202Eb", "a;DROP TABLE grain_state", "a*", "a?b", "a#b",
    ];

    // Raw JSON number texts, so that the server sees exactly these digits.
    private static readonly string[] BadAmounts =
    [
        "-1", "0", "-0", "0.0", "-0.01", "12.345", "0.001", "1e-7", "1e400", "-1e400", "1000000000000.01", "99999999999999999999999999999999",
        "79228162514264337593543950336", "\"12.50\"", "\"NaN\"", "\"Infinity\"", "1.00000000000000000000001",
    ];

    private static readonly string[] BadInstants =
    [
        "\"\"", "\"2026-13-01T00:00:00Z\"", "\"2026-02-30T10:00:00Z\"", "\"2026-11-22T25:00:00Z\"", "\"2026-11-22T10:00:00\"", "\"2026-11-22\"",
        "\"yesterday\"", "\"0000-01-01T00:00:00Z\"", "\"2026-11-22T10:00:00+25:00\"", "1732270000", "\"2026-11-22 10:00:00Z\"", "\"\\u0000\"",
    ];

    // Beyond the server's default clock skew of five minutes.
    private static string[] FutureInstants()
    {
        return [Quote(Templates.At(hoursAgo: -1)), Quote(Templates.At(hoursAgo: -24 * 30)), "\"2199-12-31T23:59:59Z\""];
    }

    private static readonly string[] BadCurrencies = ["\"XXX\"", "\"ZZZ\"", "\"eur\"", "\"EURO\"", "\"EU\"", "\"\"", "\"€\"", "\"E\\u0000R\""];

    private static readonly string[] BadMarkets = ["\"ZZ\"", "\"AA\"", "\"de\"", "\"DEU\"", "\"D\"", "\"\"", "\"D1\"", "\"Ü\"", "\"D\\nE\""];

    private static readonly string[] BadRouteIds = [new string('a', 129), "a%20b", "a%00b", "%C3%A9", "a%0Ab", "a%2Fb", "a%3Cb", "%F0%9D%84%9E"];

    public static IEnumerable<BadRequest> For(Subject seeded)
    {
        var storefront = SecurityKeys.StoreACredential;
        foreach (var template in Templates.All)
        {
            var credential = template.OpsOnly ? SecurityKeys.OpsCredential : storefront;
            var path = template.Path(seeded);
            if (template.Body is { } body)
            {
                foreach (var request in BodyCases(template, path, body(seeded), credential))
                {
                    yield return request;
                }
            }

            foreach (var request in RouteCases(template, seeded, credential))
            {
                yield return request;
            }
        }

        // A method the path does not have; the catalogue and the campaigns are changed one by one, by id.
        yield return new("purchase", "PUT", HttpMethod.Put, "/api/v1/purchases", Templates.Purchase(seeded).ToJsonString(), "application/json", storefront);
        yield return new("erasure", "PATCH", HttpMethod.Patch, $"/api/v1/customers/{seeded.CustomerId}", "{}", "application/json", storefront);
        yield return new("rewards", "DELETE", HttpMethod.Delete, "/api/v1/rewards", null, null, SecurityKeys.OpsCredential);
        yield return new("rewards", "POST", HttpMethod.Post, "/api/v1/rewards", Templates.Reward(seeded).ToJsonString(), "application/json", SecurityKeys.OpsCredential);
        yield return new("campaigns", "POST", HttpMethod.Post, "/api/v1/campaigns", Templates.Campaign(seeded).ToJsonString(), "application/json", SecurityKeys.OpsCredential);
        yield return new("campaigns", "DELETE one", HttpMethod.Delete, $"/api/v1/campaigns/{seeded.CampaignId}", null, null, SecurityKeys.OpsCredential);
    }

    private static IEnumerable<BadRequest> BodyCases(Template template, string path, JsonObject valid, Credential credential)
    {
        BadRequest Raw(string what, string? body, string? contentType = "application/json") =>
            new(template.Name, what, template.Method, path, body, contentType, credential);

        foreach (var json in MalformedJson)
        {
            yield return Raw($"malformed JSON {Show(json)}", json);
        }

        var text = valid.ToJsonString();
        yield return Raw("text/plain", text, "text/plain");
        yield return Raw("application/xml", text, "application/xml");
        yield return Raw("form", "orderId=x&amount=1", "application/x-www-form-urlencoded");
        yield return Raw("multipart", text, "multipart/form-data; boundary=x");
        yield return Raw("no content type", text, null);
        yield return Raw("no body, no content type", null, null);
        yield return Raw("application/json body truncated", text[..(text.Length / 2)]);
        yield return Raw("oversized body", Oversized(valid));

        // Field cases: on the batch endpoint they go into its one event, so the envelope is fine
        // and the event must be refused on its own.
        var target = template.Name == "batch" ? Event(Templates.Purchase(Subject.Fresh("unused", 0)), "purchase") : valid;
        string Wrap(JsonObject changed) => template.Name == "batch" ? new JsonObject { ["events"] = new JsonArray(changed.DeepClone()) }.ToJsonString() : changed.ToJsonString();

        foreach (var field in target.Select(pair => pair.Key).ToList())
        {
            // An optional field may be absent or null; any other value of the wrong type is as bad as a required one's.
            var optional = IsOptional(template.Name, field);
            if (!optional)
            {
                yield return Raw($"{field} missing", Wrap(Without(target, field)));
            }

            foreach (var wrong in WrongTypes)
            {
                if ((optional && wrong is null) || IsRightType(field, wrong))
                {
                    continue;
                }

                yield return Raw($"{field} = {wrong?.ToJsonString() ?? "null"}", Wrap(With(target, field, wrong?.DeepClone())));
            }

            yield return Raw($"{field} twice", DuplicateField(Wrap(target), field));
            if (!IsRightType(field, new JsonArray()))
            {
                // An extra field never makes a bad body good.
                yield return Raw($"{field} = [] with an extra field", Wrap(With(With(target, field, new JsonArray()), "unexpected", JsonValue.Create("x"))));
            }
        }

        foreach (var (field, values) in FieldValues(target))
        {
            foreach (var value in values)
            {
                yield return Raw($"{field} = {Show(value)}", Wrap(With(target, field, JsonNode.Parse(value))));
            }
        }

        // JPY has no minor unit: a price with decimals is a typo, whatever two-decimal currencies allow.
        if (target.ContainsKey("currency"))
        {
            var yen = With(target, "currency", JsonValue.Create("JPY"));
            if (target.ContainsKey("amount"))
            {
                yield return Raw("99.5 JPY", Wrap(With(yen, "amount", JsonValue.Create(99.5m))));
                yield return Raw("item at 0.5 JPY", Wrap(With(yen, "items", JsonNode.Parse("[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":0.5}]"))));
            }

            if (target.ContainsKey("value"))
            {
                yield return Raw("a reward worth 99.5 JPY", Wrap(With(yen, "value", JsonValue.Create(99.5m))));
            }
        }

        // Fields that are fine alone and wrong together.
        switch (template.Name)
        {
            case "survey":
                // csat scores run from 1 to 5: the nps range does not carry over.
                var csat = With(target, "kind", JsonValue.Create("csat"));
                foreach (var score in new[] { 0, 6, 9, 10 })
                {
                    yield return Raw($"csat score {score}", Wrap(With(csat, "score", JsonValue.Create(score))));
                }

                break;
            case "campaign put":
                yield return Raw("endsAt before startsAt", Wrap(With(With(target, "startsAt", target["endsAt"]!.DeepClone()), "endsAt", target["startsAt"]!.DeepClone())));
                yield return Raw("endsAt equal to startsAt", Wrap(With(target, "endsAt", target["startsAt"]!.DeepClone())));
                yield return Raw("neither multiplier nor bonusPoints", Wrap(Without(Without(target, "multiplier"), "bonusPoints")));
                yield return Raw("multiplier and bonusPoints null", Wrap(With(With(target, "multiplier", null), "bonusPoints", null)));
                break;
        }

        if (template.Name == "batch")
        {
            yield return Raw("events of 1001", new JsonObject { ["events"] = new JsonArray(Enumerable.Range(0, 1001).Select(n => (JsonNode)Event(Templates.Visit(Subject.Fresh("overflow", n)), "visit")).ToArray()) }.ToJsonString());
            yield return Raw("events = {}", "{\"events\":{}}");
            yield return Raw("events = \"purchase\"", "{\"events\":\"purchase\"}");
            yield return Raw("events = null", "{\"events\":null}");
            yield return Raw("event type unknown", Wrap(With(target, "type", JsonValue.Create("payout"))));
            yield return Raw("event type redemption", Wrap(With(target, "type", JsonValue.Create("redemption"))));
            yield return Raw("event not an object", "{\"events\":[42]}");
            yield return Raw("event null", "{\"events\":[null]}");
            yield return Raw("event nested array", "{\"events\":[[{}]]}");
        }
    }

    private static IEnumerable<(string Field, string[] Values)> FieldValues(JsonObject target)
    {
        foreach (var (field, _) in target)
        {
            string[] values = field switch
            {
                "amount" or "value" => BadAmounts,
                "currency" => BadCurrencies,
                "market" => BadMarkets,
                "occurredAt" => [.. BadInstants, .. FutureInstants()],
                // A campaign's times are plans, so the future is fine for them.
                "startsAt" or "endsAt" => BadInstants,
                "points" => ["0", "-1", "1.5", "9223372036854775808", "\"1\"", "1e20", "-9223372036854775808"],
                "rating" => ["0", "6", "4.5", "-1", "\"4\"", "2147483648"],
                "category" => ["\"Logistics\"", "\"other\"", "\"\"", "\"logistics \"", "\"logistics\\u0000\""],
                "note" => [Quote(new string('n', 2001)), "\"bell\\u0007\"", "\"nul\\u0000\""],
                "text" => [Quote(new string('t', 5001)), "\"esc\\u001b[31m\""],
                "type" => ["\"Purchase\"", "\"\"", "\"purchase \""],
                "kind" => ["\"NPS\"", "\"ces\"", "\"\"", "\"nps \"", "\"nps\\u0000\""],
                "score" => ["-1", "11", "9.5", "\"9\"", "2147483648", "1e400", "-9223372036854775809"],
                "comment" => [Quote(new string('c', 2001)), "\"bell\\u0007\"", "\"nul\\u0000\""],
                "name" => [Quote(new string('n', 201)), "\"\"", "\"tab\\there\"", "\"nul\\u0000\""],
                "pointsCost" => ["0", "-1", "1.5", "\"10\"", "1e20", "9223372036854775808"],
                "validDays" => ["0", "-1", "36501", "1.5", "\"30\"", "2147483648"],
                "stock" => ["-1", "1.5", "\"5\"", "1e400", "9223372036854775808"],
                "active" or "firstPurchaseOnly" => ["\"true\"", "1", "0", "\"yes\""],
                "multiplier" => ["0", "0.5", "-1", "100.01", "1e400", "\"2\""],
                "bonusPoints" => ["-1", "1000001", "1.5", "\"5\"", "9223372036854775808"],
                "minAmount" => ["-1", "-0.01", "0.001", "1000000000000.01", "1e400", "\"5\""],
                "storefronts" => ["\"sec-store-a\"", "[42]", "[null]", "[[]]", "[\"\"]", "[\"a b\"]", "[\"a/b\"]", "[" + Quote(new string('s', 129)) + "]",
                    "[" + string.Join(',', Enumerable.Repeat("\"s\"", 1001)) + "]"],
                "markets" => ["\"DE\"", "[42]", "[null]", "[\"\"]", "[\"ZZ\"]", "[\"de\"]", "[\"DEU\"]", "[\"DE\", \"D\"]"],
                "items" => ["\"x\"", "[42]", "[{\"sku\":\"a\",\"quantity\":0,\"unitPrice\":1}]", "[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":-1}]",
                    "[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1.001}]", "[{\"sku\":\"" + new string('s', 129) + "\",\"quantity\":1,\"unitPrice\":1}]",
                    "[{\"quantity\":1,\"unitPrice\":1}]", "[" + string.Join(',', Enumerable.Repeat("{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1}", 1001)) + "]"],
                _ when IsId(field) => BadIds.Select(Quote).ToArray(),
                _ => [],
            };
            yield return (field, values);
        }
    }

    private static IEnumerable<BadRequest> RouteCases(Template template, Subject seeded, Credential credential)
    {
        var body = template.Body?.Invoke(seeded).ToJsonString();
        if (template.Route?.Invoke(seeded) is { } routeHolder)
        {
            foreach (var id in BadRouteIds)
            {
                var path = template.Path(seeded).Replace(routeHolder, id, StringComparison.Ordinal);
                yield return new(template.Name, $"route id {Show(id)}", template.Method, path, body, body is null ? null : "application/json", credential);
            }
        }

        if (template.Name == "history")
        {
            foreach (var limit in new[] { "0", "-1", "abc", "1.5", "100000", "2147483648", "", "%00" })
            {
                yield return new(template.Name, $"limit={limit}", HttpMethod.Get, $"/api/v1/customers/{seeded.CustomerId}/history?limit={limit}", null, null, credential);
            }
        }

        if (template.Name == "kpis")
        {
            foreach (var query in new[] { "market=ZZ", "market=deu", "market=D", "storefront=a%20b", $"storefront={new string('s', 129)}", "storefront=%00", "market=%C3%9C", "markt=DE", "market=DE&page=2" })
            {
                yield return new(template.Name, query, HttpMethod.Get, $"/api/v1/kpis?{query}", null, null, credential);
            }
        }

        if (template.Name == "alerts")
        {
            foreach (var query in new[] { "state=open", "state=FIRING", "state=", "state=%00", "state=firing&state=resolved", $"state={new string('f', 129)}", "status=firing", "state=firing&rule=x" })
            {
                yield return new(template.Name, query, HttpMethod.Get, $"/api/v1/alerts?{query}", null, null, credential);
            }
        }

        if (template.Name == "history csv")
        {
            foreach (var query in new[] { "format=CSV", "format=xml", "format=", "format=%00", "format=csv%00", "format=csv&limit=10", "format=csv&format=json" })
            {
                yield return new(template.Name, query, HttpMethod.Get, $"/api/v1/customers/{seeded.CustomerId}/history?{query}", null, null, credential);
            }
        }

        if (template.Name == "channels")
        {
            foreach (var query in new[]
            {
                "by=variant", "by=experiment", "by=%00", "by=channel&by=campaign", "month=2026-13", "month=2026-00", "month=2026-1", "month=26-11", "month=2026-11-01",
                "month=november", "month=%00", "market=ZZ", "market=de", "storefront=a%20b", $"storefront={new string('s', 129)}", "montth=2026-11", "market=DE&page=2",
            })
            {
                yield return new(template.Name, query, HttpMethod.Get, $"/api/v1/kpis/channels?{query}", null, null, credential);
            }
        }

        if (template.Name == "experiment")
        {
            foreach (var query in new[] { "market=ZZ", "market=D", "storefront=a%20b", $"storefront={new string('s', 129)}", "variant=control", "market=DE&market=FR" })
            {
                yield return new(template.Name, query, HttpMethod.Get, $"/api/v1/experiments/{seeded.ExperimentId}?{query}", null, null, credential);
            }
        }

        if (template.Name == "webhook deliveries")
        {
            foreach (var query in new[]
            {
                "status=FAILED", "status=open", "status=", "status=%00", "status=failed&status=pending", $"status={new string('f', 129)}",
                "limit=0", "limit=1001", "limit=-1", "limit=1.5", "limit=abc", "limit=", "limit=2147483648", "state=failed",
            })
            {
                yield return new(template.Name, query, HttpMethod.Get, $"/api/v1/webhooks/deliveries?{query}", null, null, credential);
            }
        }

        // Admin endpoints name what they take; a misspelt parameter must not be silently ignored.
        if (template.Name == "model fit")
        {
            yield return new(template.Name, "unknown query parameter", template.Method, "/api/v1/model/fit?as_of=2026-01-01T00:00:00Z", null, null, credential);
            yield return new(template.Name, "bad asOf in the query", template.Method, "/api/v1/model/fit?asOf=yesterday", null, null, credential);
            yield return new(template.Name, "bad asOf in the body", template.Method, "/api/v1/model/fit", "{\"asOf\":\"yesterday\"}", "application/json", credential);
        }
    }

    public static JsonObject Event(JsonObject body, string type)
    {
        var copy = (JsonObject)body.DeepClone();
        copy["type"] = type;
        return copy;
    }

    private static bool IsOptional(string endpoint, string field) =>
        field is "sessionId" or "items" or "note" or "text" or "comment" or "stock"
        || (endpoint == "visit" && field == "customerId")
        || (endpoint == "complaint" && field == "orderId")
        || (endpoint == "survey" && field is "customerId" or "orderId")
        // Each of multiplier and bonusPoints may go as long as the other stays.
        || (endpoint == "campaign put" && field is "multiplier" or "bonusPoints" or "storefronts" or "markets" or "minAmount" or "firstPurchaseOnly");

    private static bool IsId(string field) => field.EndsWith("Id", StringComparison.Ordinal);

    /// <summary>Whether one of <see cref="WrongTypes"/> is a valid value of the field after all.</summary>
    private static bool IsRightType(string field, JsonNode? value) => (field, value) switch
    {
        ("amount" or "points" or "rating" or "value" or "pointsCost" or "validDays" or "stock" or "multiplier" or "bonusPoints" or "minAmount", JsonValue number)
            when number.TryGetValue<int>(out _) => true,
        ("active" or "firstPurchaseOnly", JsonValue flag) when flag.TryGetValue<bool>(out _) => true,
        // An empty list of items, storefronts or markets is a list.
        ("items" or "storefronts" or "markets", JsonArray) => true,
        _ => false,
    };

    private static JsonObject Without(JsonObject body, string field)
    {
        var copy = (JsonObject)body.DeepClone();
        copy.Remove(field);
        return copy;
    }

    private static JsonObject With(JsonObject body, string field, JsonNode? value)
    {
        var copy = (JsonObject)body.DeepClone();
        copy[field] = value;
        return copy;
    }

    private static string DuplicateField(string json, string field)
    {
        var marker = $"\"{field}\":";
        var at = json.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? json : json.Insert(at, $"{marker}\"dup\",");
    }

    private static string Oversized(JsonObject valid)
    {
        var copy = (JsonObject)valid.DeepClone();
        copy["padding"] = new string('p', SecurityServer.MaxBodyBytes + 1);
        return copy.ToJsonString();
    }

    private static string Nest(int depth)
    {
        var builder = new StringBuilder();
        for (var level = 0; level < depth; level++)
        {
            builder.Append("{\"a\":");
        }

        builder.Append('1').Append('}', depth);
        return builder.ToString();
    }

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string Show(string value) => value.Length > 40 ? $"{value[..20]}… ({value.Length} chars)" : value.ReplaceLineEndings("\\n").Replace("\0", "\\0", StringComparison.Ordinal);
}
