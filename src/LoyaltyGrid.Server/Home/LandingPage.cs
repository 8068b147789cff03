namespace LoyaltyGrid.Server.Home;

/// <summary>
/// <c>GET /</c>: a page of links to what a server offers, so the address printed at start-up
/// leads somewhere. It names no key and reads no data, so it needs no credential; the pages it
/// links ask for theirs.
/// </summary>
public static class LandingPage
{
    public const string Path = "/";

    /// <summary>Each link with what it is for, in the order a newcomer wants them.</summary>
    public static readonly IReadOnlyList<(string Href, string Title, string Purpose)> Links =
    [
        ("/board", "KPI wall", "live KPIs of the grid (ops key)"),
        ("/api", "API reference", "every endpoint, rendered from /openapi/v1.json, with the contract's prose"),
        ("/dashboard", "Orleans dashboard", "silos, grains and calls (ops key: any user name, the key as password)"),
        ("/healthz", "/healthz", "the process is up"),
        ("/readyz", "/readyz", "the silo has joined the cluster and storage answers"),
        ("/metrics", "/metrics", "Prometheus metrics"),
    ];

    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly string Html = Render();

    public static IEndpointRouteBuilder MapLandingPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.Text(Html, "text/html; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    // Built from Links once, so the page and the list tests read cannot disagree.
    private static string Render()
    {
        var items = string.Concat(Links.Select(link =>
            $"\n      <li><a href=\"{link.Href}\">{link.Title}</a> — {link.Purpose}</li>"));
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>LoyaltyGrid</title>
              <style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }</style>
            </head>
            <body>
              <h1>LoyaltyGrid</h1>
              <p>Real-time loyalty points and live KPIs on Microsoft Orleans and PostgreSQL.</p>
              <ul>{{items}}
              </ul>
            </body>
            </html>

            """;
    }
}
