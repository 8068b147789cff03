using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using LoyaltyGrid.Domain;
using Microsoft.Net.Http.Headers;

namespace LoyaltyGrid.Server.Board;

/// <summary>
/// The live KPI wall at <c>/board</c>. The page, its styles and scripts (ours, and the SignalR
/// browser client from npm) are embedded in the assembly, so the wall works wherever the server
/// runs and loads nothing from elsewhere. The files hold no data and are served to anyone: the
/// page asks for the ops key and gets every number through the KPI hub with it.
/// <para>
/// The page is served in the language <see cref="BoardLanguages"/> picks for the request, with
/// that language's message catalogue and the reporting currency written into it, so it needs no
/// second request and shows no other language first. Every language's page is made at start-up.
/// </para>
/// </summary>
public static class BoardEndpoints
{
    public const string Path = "/board";

    private const string PageType = "text/html; charset=utf-8";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ($"{Path}/board.css", "board.css", "text/css; charset=utf-8"),
        ($"{Path}/board.js", "board.js", "text/javascript; charset=utf-8"),
        ($"{Path}/lib/signalr.js", "lib.signalr.js", "text/javascript; charset=utf-8"),
        ($"{Path}/lib/jsvectormap.js", "lib.jsvectormap.js", "text/javascript; charset=utf-8"),
        ($"{Path}/lib/jsvectormap.css", "lib.jsvectormap.css", "text/css; charset=utf-8"),
        ($"{Path}/lib/world.js", "lib.world.js", "text/javascript; charset=utf-8"),
        .. BoardLanguages.Supported.Select(language => ($"{Path}/i18n/{language}.json", $"i18n.{language}.json", "application/json; charset=utf-8")),
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
        ArgumentNullException.ThrowIfNull(endpoints);
        var currency = endpoints.ServiceProvider.GetRequiredService<LoyaltyRules>().ReportingCurrency;
        var template = Encoding.UTF8.GetString(Read("index.html"));
        var pages = BoardLanguages.Supported.ToDictionary(
            language => language,
            language => Served.Of(Page(template, language, currency, Read($"i18n.{language}.json")), PageType),
            StringComparer.Ordinal);
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            var language = BoardLanguages.Choose(context.Request.Query["lang"], context.Request.GetTypedHeaders().AcceptLanguage);
            // The same URL answers in other languages for other browsers: caches must key on the header.
            context.Response.Headers.Vary = "Accept-Language";
            context.Response.Headers.ContentLanguage = language;
            return Serve(context, pages[language]);
        }).AllowAnonymous().ExcludeFromDescription();

        foreach (var (path, resource, contentType) in Files)
        {
            var file = Served.Of(Read(resource), contentType);
            endpoints.MapGet(path, (HttpContext context) => Serve(context, file)).AllowAnonymous().ExcludeFromDescription();
        }

        return endpoints;
    }

    /// <summary>
    /// The page in one language: <c>&lt;html lang&gt;</c> (which board.js formats with), the
    /// reporting currency, and the catalogue as a JSON data block (not run as script, so the
    /// Content-Security-Policy needs no exception for it).
    /// </summary>
    internal static byte[] Page(string template, string language, string currency, byte[] catalogue)
    {
        const string HtmlTag = "<html lang=\"en\">";
        const string HeadEnd = "</head>";
        if (!template.Contains(HtmlTag, StringComparison.Ordinal) || !template.Contains(HeadEnd, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The board page must contain {HtmlTag} and {HeadEnd}.");
        }

        // A catalogue text holding "</script>" must not end the block early; JSON allows < escaped anywhere it may appear.
        var json = Encoding.UTF8.GetString(catalogue).Replace("<", "\\u003c", StringComparison.Ordinal);
        var html = template
            .Replace(HtmlTag, $"<html lang=\"{HtmlEncoder.Default.Encode(language)}\" data-currency=\"{HtmlEncoder.Default.Encode(currency)}\">", StringComparison.Ordinal)
            .Replace(HeadEnd, $"  <script type=\"application/json\" id=\"board-messages\">{json}</script>\n{HeadEnd}", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(html);
    }

    private static IResult Serve(HttpContext context, Served file)
    {
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = file.ETag;
        // Revalidated on every load (no-cache) but answered with 304 while unchanged, so a wall
        // picks up a new version of the page on its next reload and costs little otherwise.
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(candidate => candidate.Compare(file.ETag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(file.Content, file.ContentType);
    }

    private sealed record Served(byte[] Content, string ContentType, EntityTagHeaderValue ETag)
    {
        public static Served Of(byte[] content, string contentType) =>
            new(content, contentType, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\""));
    }

    private static byte[] Read(string name)
    {
        var resourceName = $"LoyaltyGrid.Server.Board.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The board file {resourceName} is not embedded; the build copies lib/*.js from npm (see LoyaltyGrid.Server.csproj).");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
