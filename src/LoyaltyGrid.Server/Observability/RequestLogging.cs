using System.Diagnostics;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// One Debug line per HTTP request, naming the route template (<c>/api/v1/customers/{customerId}</c>)
/// instead of the path: paths carry customer ids, templates never do. ASP.NET Core's own request
/// logs write the path, so they are switched off (see <see cref="ConsoleLogging"/>) and this
/// replaces them. The line carries the request's trace id, as do all lines logged while it runs.
/// At the default level only <see cref="RequestSummary"/>'s periodic count is written, so traffic
/// does not scroll the start-up banner (URLs, keys) off the screen.
/// </summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, TimeProvider clock, RequestSummary summary, ILogger<RequestLoggingMiddleware> logger)
{
    // Scrapes, probes, the dashboard's polling and the wall's hub would make the summary a
    // steady count of machinery; they are counted only when they fail.
    private static readonly string[] QuietPrefixes = ["/metrics", "/healthz", "/readyz", "/dashboard", "/hubs/", "/board"];

    public async Task InvokeAsync(HttpContext context)
    {
        var started = clock.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var route = RouteNames.Of(context);
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            if (status >= 500 || !QuietPrefixes.Any(prefix => route.StartsWith(prefix, StringComparison.Ordinal)))
            {
                summary.Count(status);
            }

            LogRequest(context.Request.Method, route, status, clock.GetElapsedTime(started).TotalMilliseconds, Activity.Current?.TraceId.ToString() ?? "-");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP {Method} {Route} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms, trace {TraceId}")]
    private partial void LogRequest(string method, string route, int statusCode, double elapsedMilliseconds, string traceId);
}

/// <summary>How a request may be named in logs and metrics: by its route template, never its path.</summary>
public static class RouteNames
{
    public const string Unmatched = "(no route)";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } ? Normalize(template) : Unmatched;
    }

    // Group prefixes and endpoint patterns are joined as written, so a template may read
    // "/api/v1//purchases" or, for a group's own "" endpoint, end in "/".
    private static string Normalize(string template) =>
        "/" + template.Replace("//", "/", StringComparison.Ordinal).Trim('/');
}
