using System.Collections;
using System.Reflection;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Server.Api;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Observability;
using LoyaltyGrid.Silo;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>
/// Which environment variables the server reads, decided from the server itself: each
/// configuration section it binds is walked through its option class as the configuration
/// binder would, so a misspelt or invented name in a deployment file is caught here instead of
/// being silently ignored by a running silo.
/// </summary>
internal static class ServerSettings
{
    /// <summary>The sections the server binds to option classes (Program.cs, LoyaltyGrid.Silo, Auth/, Api/, Observability/).</summary>
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [OrleansHostingOptions.SectionName] = typeof(OrleansHostingOptions),
        [AuthOptions.SectionName] = typeof(AuthOptions),
        [ApiOptions.SectionName] = typeof(ApiOptions),
        [JournalOptions.SectionName] = typeof(JournalOptions),
        [CustomerJournalOptions.SectionName] = typeof(CustomerJournalOptions),
        [LoyaltyRules.SectionName] = typeof(LoyaltyRules),
        [EmbeddedPostgresOptions.SectionName] = typeof(EmbeddedPostgresOptions),
        [ObservabilityOptions.SectionName] = typeof(ObservabilityOptions),
        [CampaignCacheOptions.SectionName] = typeof(CampaignCacheOptions),
    };

    /// <summary>ASP.NET Core's own host settings that the deployment files use.</summary>
    private static readonly HashSet<string> HostVariables = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS",
        "ASPNETCORE_HTTP_PORTS",
        "ASPNETCORE_ENVIRONMENT",
    };

    /// <summary>Null when the server reads <paramref name="variable"/>; otherwise why it does not.</summary>
    public static string? WhyNotRead(string variable)
    {
        if (HostVariables.Contains(variable))
        {
            return null;
        }

        if (variable.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || variable.StartsWith("DOTNET_", StringComparison.Ordinal))
        {
            return $"{variable} is not one of the host settings the deployment is expected to use ({string.Join(", ", HostVariables)})";
        }

        var segments = variable.Split("__");
        if (segments.Any(segment => segment.Length == 0))
        {
            return $"{variable} has an empty segment";
        }

        var section = segments[0];
        if (section.Equals("ConnectionStrings", StringComparison.OrdinalIgnoreCase))
        {
            return segments.Length == 2 && segments[1].Equals(LoyaltyGridDatabase.ConnectionStringName, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"{variable}: the server reads only ConnectionStrings__{LoyaltyGridDatabase.ConnectionStringName}";
        }

        // Logging categories are free-form: any name the logging providers understand.
        if (section.Equals("Logging", StringComparison.OrdinalIgnoreCase))
        {
            return segments.Length >= 3 ? null : $"{variable} names no logging setting";
        }

        if (!Sections.TryGetValue(section, out var type))
        {
            return $"{variable}: the server binds no section '{section}' (it binds {string.Join(", ", Sections.Keys)}, ConnectionStrings and Logging)";
        }

        return Walk(type, segments, 1, variable);
    }

    private static string? Walk(Type type, string[] segments, int index, string variable)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var at = string.Join("__", segments.Take(index));
        if (index == segments.Length)
        {
            return IsScalar(type) ? null : $"{variable} names the section {at}, not a value in it";
        }

        if (IsScalar(type))
        {
            return $"{variable}: {at} is a single value and has no '{segments[index]}'";
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return Walk(valueType, segments, index + 1, variable);
        }

        if (ListItemType(type) is { } itemType)
        {
            return int.TryParse(segments[index], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? Walk(itemType, segments, index + 1, variable)
                : $"{variable}: {at} is a list, indexed by number, not by '{segments[index]}'";
        }

        var property = type.GetProperty(segments[index], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.GetIndexParameters().Length > 0)
        {
            var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsBindable).Select(p => p.Name);
            return $"{variable}: {type.Name} ({at}) has no setting '{segments[index]}'; it has {string.Join(", ", known)}";
        }

        if (!IsBindable(property))
        {
            return $"{variable}: {type.Name}.{property.Name} is computed, not configured";
        }

        return Walk(property.PropertyType, segments, index + 1, variable);
    }

    // The binder sets properties with a public setter, and fills read-only ones only when they
    // hold an object or collection it can bind into.
    private static bool IsBindable(PropertyInfo property) =>
        property.GetIndexParameters().Length == 0
        && (property.SetMethod?.IsPublic == true || (property.GetMethod?.IsPublic == true && !IsScalar(property.PropertyType)));

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);
    }

    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IDictionary<,>)) is { } dictionary && dictionary.GetGenericArguments()[0] == typeof(string)
            ? dictionary.GetGenericArguments()[1]
            : GenericInterface(type, typeof(IReadOnlyDictionary<,>)) is { } readOnly && readOnly.GetGenericArguments()[0] == typeof(string)
                ? readOnly.GetGenericArguments()[1]
                : null;

    private static Type? ListItemType(Type type) =>
        type.IsArray ? type.GetElementType()
        : typeof(IEnumerable).IsAssignableFrom(type) ? GenericInterface(type, typeof(IEnumerable<>))?.GetGenericArguments()[0]
        : null;

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == definition);
}
