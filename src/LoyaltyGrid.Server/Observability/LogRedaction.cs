using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// Orleans names a grain by its id in its own warnings and errors (a turn that ran too long, a
/// state write that failed while the database was down), and a customer grain's id is the
/// customer id, a session grain's the session id. LoyaltyGrid's own log calls name neither;
/// these are blanked out of every console line whatever wrote them: message, state, scopes and
/// exception text alike.
/// </summary>
public static partial class PersonalIds
{
    public const string Mask = "***";

    /// <summary>The line with the keys of customer and session grains (and KPI sources) replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Most lines mention neither; they are passed on without running the expression.
        return text.Contains("customer", StringComparison.Ordinal) || text.Contains("session", StringComparison.Ordinal)
            ? GrainKey().Replace(text, "$1" + Mask)
            : text;
    }

    // customer/<id> and session/<storefront>/<id> are grain ids; customer:<id> and
    // session:<storefront>/<id> are KPI sources and credential names. Ids are [A-Za-z0-9._:-].
    [GeneratedRegex(@"(\b(?:customer|session)[/:])[A-Za-z0-9._:\-]+(?:/[A-Za-z0-9._:\-]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex GrainKey();
}

/// <summary>Writes what the wrapped formatter (simple, json, systemd) writes, with personal grain ids blanked out.</summary>
public sealed class RedactingConsoleFormatter(ConsoleFormatter inner) : ConsoleFormatter(inner.Name)
{
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        using var line = new StringWriter(CultureInfo.InvariantCulture);
        inner.Write(in logEntry, scopeProvider, line);
        textWriter.Write(PersonalIds.Redact(line.ToString()));
    }

    /// <summary>
    /// Replaces every console formatter registered so far by itself wrapped, keeping its name, so
    /// Logging:Console:FormatterName picks a redacting one whichever it names.
    /// </summary>
    internal static void WrapRegistered(IServiceCollection services)
    {
        foreach (var registration in services.Where(service => service.ServiceType == typeof(ConsoleFormatter)).ToList())
        {
            services.Remove(registration);
            services.AddSingleton<ConsoleFormatter>(provider => new RedactingConsoleFormatter(Create(provider, registration)));
        }
    }

    private static ConsoleFormatter Create(IServiceProvider provider, ServiceDescriptor registration) =>
        (ConsoleFormatter)(registration.ImplementationInstance
            ?? registration.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registration.ImplementationType!));
}
