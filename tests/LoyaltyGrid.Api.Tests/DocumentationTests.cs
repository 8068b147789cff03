using System.Net;
using System.Text.Json;
using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests;

/// <summary>The OpenAPI document and the reference page that renders it.</summary>
public sealed class DocumentationTests(ApiServer server) : IClassFixture<ApiServer>
{
    private readonly ApiClient _api = server.Api;

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_and_both_credentials()
    {
        var document = await _api.GetOkAsync("/openapi/v1.json", Credential.None);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        // Other parts of the server (KPIs) may add operations; these are the API's own.
        Assert.Superset(
            new HashSet<string>
            {
                "DELETE /api/v1/customers/{customerId}",
                "GET /api/v1/campaigns",
                "PUT /api/v1/campaigns/{campaignId}",
                "GET /api/v1/customers/{customerId}",
                "GET /api/v1/customers/{customerId}/history",
                "POST /api/v1/complaints",
                "POST /api/v1/complaints/{complaintId}/resolution",
                "POST /api/v1/complaints/{complaintId}/response",
                "POST /api/v1/customers/{customerId}/redemptions",
                "POST /api/v1/customers/{customerId}/tokens",
                "POST /api/v1/events:batch",
                "POST /api/v1/model/fit",
                "POST /api/v1/purchases",
                "POST /api/v1/referrals",
                "POST /api/v1/refunds",
                "POST /api/v1/reviews",
                "POST /api/v1/visits",
            },
            operations.ToHashSet());

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("CustomerToken").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_purchase_operation_documents_its_body_response_problems_and_credential()
    {
        var document = await _api.GetOkAsync("/openapi/v1.json", Credential.None);
        var purchase = document.GetProperty("paths").GetProperty("/api/v1/purchases").GetProperty("post");

        var request = Resolve(document, purchase.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(
            ["amount", "currency", "customerId", "items", "market", "occurredAt", "orderId", "sessionId"],
            Responses.PropertyNames(request.GetProperty("properties")));
        Assert.Equal(
            ["amount", "currency", "customerId", "market", "occurredAt", "orderId"],
            request.GetProperty("required").EnumerateArray().Select(field => field.GetString()!).Order(StringComparer.Ordinal));
        var response = Resolve(document, purchase.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["balance", "campaigns", "customerId", "duplicate", "orderId", "pointsEarned", "tier"], Responses.PropertyNames(response.GetProperty("properties")));
        var statuses = purchase.GetProperty("responses").EnumerateObject().Select(status => status.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "200", "400", "401", "403", "409", "413", "422", "429", "503" }, statuses);
        Assert.Equal("ApiKey", Assert.Single(purchase.GetProperty("security").EnumerateArray()).EnumerateObject().Single().Name);

        var read = document.GetProperty("paths").GetProperty("/api/v1/customers/{customerId}").GetProperty("get");
        Assert.Equal(
            ["ApiKey", "CustomerToken"],
            read.GetProperty("security").EnumerateArray().Select(requirement => requirement.EnumerateObject().Single().Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_reference_page_renders_the_document_with_nothing_from_outside_the_server()
    {
        using var page = await _api.GetAsync("/api", Credential.None);
        var html = await page.Content.ReadAsStringAsync();
        using var script = await _api.GetAsync("/api/reference.js", Credential.None);
        var javascript = await script.Content.ReadAsStringAsync();
        using var style = await _api.GetAsync("/api/reference.css", Credential.None);
        var css = await style.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
        Assert.Contains("src=\"/api/reference.js\"", html, StringComparison.Ordinal);
        Assert.Contains("fetch(\"/openapi/v1.json\"", javascript, StringComparison.Ordinal);
        Assert.All(new[] { html, javascript, css }, text => Assert.DoesNotContain("//cdn", text, StringComparison.OrdinalIgnoreCase));
        Assert.All(new[] { html, javascript, css }, text => Assert.DoesNotMatch("(src|href)=\"https?:", text));
        Assert.Contains("default-src 'self'", string.Join(' ', page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api.md")]
    [InlineData("rules.md")]
    [InlineData("kpis.md")]
    public async Task The_reference_page_links_the_contract_in_prose_as_kept_in_docs(string document)
    {
        using var page = await _api.GetAsync("/api", Credential.None);
        var html = await page.Content.ReadAsStringAsync();
        using var served = await _api.GetAsync($"/api/docs/{document}", Credential.None);

        Assert.Contains($"href=\"/api/docs/{document}\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("text/plain", served.Content.Headers.ContentType?.MediaType);
        // The server embeds docs/ at build time; serving a stale or different text would mislead.
        Assert.Equal(await File.ReadAllTextAsync(Repository.File("docs", document)), await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_model_fit_operation_and_the_customer_read_document_the_repurchase_figures()
    {
        var document = await _api.GetOkAsync("/openapi/v1.json", Credential.None);
        var fit = document.GetProperty("paths").GetProperty("/api/v1/model/fit").GetProperty("post");

        var answer = Resolve(document, fit.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["a", "alpha", "asOf", "b", "customers", "logLikelihood", "r"], Responses.PropertyNames(answer.GetProperty("properties")));
        var body = Resolve(document, fit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["asOf"], Responses.PropertyNames(body.GetProperty("properties")));
        Assert.Superset(new HashSet<string> { "200", "400", "401", "403", "409" }, fit.GetProperty("responses").EnumerateObject().Select(status => status.Name).ToHashSet());

        var read = document.GetProperty("paths").GetProperty("/api/v1/customers/{customerId}").GetProperty("get");
        var customer = Resolve(document, read.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Superset(new HashSet<string> { "pAlive", "expectedPurchases90d" }, Responses.PropertyNames(customer.GetProperty("properties")).ToHashSet());
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        var name = reference.GetString()!.Split('/')[^1];
        return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}
