using System.Reflection;

namespace LoyaltyGrid.Server.Api.Documentation;

/// <summary>
/// The browsable reference at <c>/api</c>: a page of our own that renders the OpenAPI document,
/// and beside it the prose of the contract (docs/api.md, rules.md, kpis.md) as plain text. Its
/// files are embedded in the assembly, so the page works wherever the server runs and loads
/// nothing from outside the server.
/// </summary>
public static class ApiReference
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/api", "index.html", "text/html; charset=utf-8"),
        ("/api/reference.js", "reference.js", "text/javascript; charset=utf-8"),
        ("/api/reference.css", "reference.css", "text/css; charset=utf-8"),
        // Markdown as plain text: browsers show it rather than offering a download.
        ("/api/docs/api.md", "api.md", "text/plain; charset=utf-8"),
        ("/api/docs/rules.md", "rules.md", "text/plain; charset=utf-8"),
        ("/api/docs/kpis.md", "kpis.md", "text/plain; charset=utf-8"),
    ];

    private const string ContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            endpoints.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.Text(content, contentType);
            }).ExcludeFromDescription();
        }

        return endpoints;
    }

    private static string Read(string name)
    {
        var resourceName = $"LoyaltyGrid.Server.Api.Documentation.Reference.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The API reference file {resourceName} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
