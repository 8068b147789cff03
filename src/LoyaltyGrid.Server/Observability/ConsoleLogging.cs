using Microsoft.Extensions.Logging.Console;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// The console log: one line per entry, as text (default) or as JSON with
/// <c>Logging:Console:FormatterName=json</c>, for log shippers. JSON lines carry the request's
/// trace and span ids (<c>Scopes</c>) so a log line can be found from a trace and back. Whatever
/// the formatter, customer and session ids are blanked out (<see cref="PersonalIds"/>).
/// </summary>
public static class ConsoleLogging
{
    public const string FormatterNameKey = "Logging:Console:FormatterName";
    private const string FormatterOptions = "Logging:Console:FormatterOptions:";

    public static ILoggingBuilder AddLoyaltyGridConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The formatter is chosen by configuration; AddSimpleConsole or AddJsonConsole would fix it in code.
        logging.AddConsole();
        RedactingConsoleFormatter.WrapRegistered(logging.Services);
        logging.Services.Configure<SimpleConsoleFormatterOptions>(simple =>
        {
            simple.SingleLine = true;
            simple.TimestampFormat ??= "HH:mm:ss ";
        });
        logging.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            // Scopes are where the trace and span ids are written.
            json.IncludeScopes = configuration.GetValue(FormatterOptions + "IncludeScopes", true);
            json.UseUtcTimestamp = configuration.GetValue(FormatterOptions + "UseUtcTimestamp", true);
            json.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        // ASP.NET Core's request logs and the scope it opens for every request write the raw path,
        // which holds customer ids; RequestLoggingMiddleware logs route templates instead. A level
        // in Logging:LogLevel cannot turn them back on: this filter is more specific than any
        // "Microsoft.AspNetCore" entry and, for the very same category, added later.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        return logging;
    }

    public static string FormatterName(IConfiguration configuration) =>
        configuration[FormatterNameKey] is { Length: > 0 } name ? name : ConsoleFormatterNames.Simple;
}
