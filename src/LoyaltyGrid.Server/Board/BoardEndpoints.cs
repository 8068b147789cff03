using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace LoyaltyGrid.Server.Board;

/// <summary>
/// The live KPI wall at <c>/board</c>. The page, its styles and scripts (ours, and the SignalR
/// browser client from npm) are embedded in the assembly, so the wall works wherever the server
/// runs and loads nothing from elsewhere. The files hold no data and are served to anyone: the
/// page asks for the ops key and gets every number through the KPI hub with it.
/// </summary>
public static class BoardEndpoints
{
    public const string Path = "/board";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        (Path, "index.html", "text/html; charset=utf-8"),
        ($"{Path}/board.css", "board.css", "text/css; charset=utf-8"),
        ($"{Path}/board.js", "board.js", "text/javascript; charset=utf-8"),
        ($"{Path}/lib/signalr.js", "lib.signalr.js", "text/javascript; charset=utf-8"),
    ];

    // Everything from this server only; 'self' covers the hub's WebSocket on the same host.
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// <c>GET /board</c> (routing takes <c>/board/</c> as the same; the page's asset paths are
    /// absolute, so both work) and the assets under <c>/board/</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapLoyaltyGridBoard(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            // Revalidated on every load (no-cache) but answered with 304 while unchanged, so a wall
            // picks up a new version of the page on its next reload and costs little otherwise.
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            endpoints.MapGet(path, (HttpContext context) =>
            {
                var headers = context.Response.GetTypedHeaders();
                headers.ETag = etag;
                headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers["Referrer-Policy"] = "no-referrer";
                var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
                if (ifNoneMatch.Any(candidate => candidate.Compare(etag, useStrongComparison: false)))
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }

                return Results.Bytes(content, contentType);
            }).AllowAnonymous().ExcludeFromDescription();
        }

        return endpoints;
    }

    private static byte[] Read(string name)
    {
        var resourceName = $"LoyaltyGrid.Server.Board.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The board file {resourceName} is not embedded; the build copies lib.signalr.js from npm (see LoyaltyGrid.Server.csproj).");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
