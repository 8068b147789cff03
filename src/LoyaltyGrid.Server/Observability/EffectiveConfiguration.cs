using System.Globalization;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Domain.Tiers;
using LoyaltyGrid.Grains.Alerts;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Server.Api;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Silo;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// Logs, once the server is up, the configuration it actually runs with: what an operator needs
/// to tell two servers apart or to see that a setting took effect. It names secrets only by
/// whether they are set and how many there are; no key, password or signing key is ever passed
/// to the logger, so no formatter or sink can leak one.
/// </summary>
public static partial class EffectiveConfiguration
{
    public static void Log(
        ILogger logger,
        IServiceProvider services,
        IConfiguration configuration,
        OrleansHostingOptions orleans,
        LoyaltyGridDatabase database,
        IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(orleans);
        ArgumentNullException.ThrowIfNull(database);

        LogHost(logger, services.GetRequiredService<IHostEnvironment>().EnvironmentName, string.Join(", ", addresses),
            orleans.ClusterId, orleans.ServiceId, orleans.SiloPort, orleans.GatewayPort, orleans.AdvertisedIPAddress, orleans.ResponseTimeout);

        // Only these four parts are ever read, whatever the connection string holds besides.
        var connection = new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString);
        LogDatabase(logger, connection.Host ?? "(default)", connection.Port, connection.Database ?? "(default)", connection.Username ?? "(default)",
            database.EmbeddedDirectory is { } directory ? $"private PostgreSQL in {directory}" : "ConnectionStrings:LoyaltyGrid");

        var rules = services.GetRequiredService<LoyaltyRules>();
        LogRules(logger, rules.ReportingCurrency, rules.Rates.Count, string.Join(" ", rules.Rates.Keys.Order(StringComparer.Ordinal)),
            Tiers(rules.Tiers), rules.TierWindowDays, rules.PointsLifetimeDays, rules.ReviewPoints, rules.ReferralPoints);

        var journal = services.GetRequiredService<IOptions<JournalOptions>>().Value;
        var customers = services.GetRequiredService<IOptions<CustomerJournalOptions>>().Value;
        LogJournal(logger, journal.GroupCommit.Window, journal.GroupCommit.MaxBatch, journal.Projections.PollInterval, journal.Projections.PageSize,
            journal.Due.SweepInterval, customers.SnapshotEvery);

        var auth = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var storefronts = auth.ApiKeys.Where(key => key.Role == Roles.Storefront).ToList();
        LogCredentials(logger,
            storefronts.Count,
            string.Join(" ", storefronts.Select(key => key.Storefront).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            auth.ApiKeys.Count(key => key.Role == Roles.Ops),
            string.IsNullOrEmpty(configuration["Auth:TokenSigningKey"]) ? "made for this process (Development)" : "configured",
            auth.TokenLifetime);

        var api = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        LogApi(logger, api.MaxBodyBytes, api.RateLimit.PermitsPerSecond);

        var alerts = services.GetRequiredService<AlertRuleBook>();
        LogAlerts(logger, alerts.Rules.Count, string.Join(" ", alerts.Rules.Select(rule => rule.Name)), alerts.EvaluateInterval);

        var observability = services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        LogObservability(logger,
            observability.MetricsPort is { } port ? $"/metrics on port {port.ToString(CultureInfo.InvariantCulture)}" : "/metrics on every HTTP port",
            DashboardAccess.Path,
            ConsoleLogging.FormatterName(configuration),
            observability.MaxLabelValues,
            observability.KpiGaugeInterval);
    }

    private static string Tiers(TierTable tiers) => string.Join(", ", Enum.GetValues<Tier>().Select(tier =>
    {
        var rule = tiers.RuleOf(tier);
        return string.Create(CultureInfo.InvariantCulture, $"{tier} from {rule.Threshold} ×{rule.Multiplier}");
    }));

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: environment {Environment}; HTTP {Urls}; cluster {ClusterId}, service {ServiceId}; silo port {SiloPort}, gateway port {GatewayPort}, advertised address {AdvertisedAddress}; grain call timeout {ResponseTimeout}")]
    private static partial void LogHost(ILogger logger, string environment, string urls, string clusterId, string serviceId, int siloPort, int gatewayPort, string advertisedAddress, TimeSpan responseTimeout);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: database {DatabaseHost}:{DatabasePort}, database {DatabaseName}, user {DatabaseUser} ({DatabaseSource})")]
    private static partial void LogDatabase(ILogger logger, string databaseHost, int databasePort, string databaseName, string databaseUser, string databaseSource);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: loyalty rules: reporting currency {ReportingCurrency}, {RateCount} rates ({Currencies}); tiers {Tiers} over {TierWindowDays} days; points expire after {PointsLifetimeDays} days (0: never); review {ReviewPoints} points, referral {ReferralPoints} points")]
    private static partial void LogRules(ILogger logger, string reportingCurrency, int rateCount, string currencies, string tiers, int tierWindowDays, int pointsLifetimeDays, long reviewPoints, long referralPoints);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: journal group commit window {Window}, at most {MaxBatch} appends; projections poll every {PollInterval}, {PageSize} entries a page; due customers swept every {SweepInterval}; a customer snapshot every {SnapshotEvery} events")]
    private static partial void LogJournal(ILogger logger, TimeSpan window, int maxBatch, TimeSpan pollInterval, int pageSize, TimeSpan sweepInterval, int snapshotEvery);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: API keys: {StorefrontKeys} storefront ({Storefronts}), {OpsKeys} ops; token signing key {TokenSigningKey}; customer tokens last {TokenLifetime}")]
    private static partial void LogCredentials(ILogger logger, int storefrontKeys, string storefronts, int opsKeys, string tokenSigningKey, TimeSpan tokenLifetime);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: {AlertRuleCount} alert rules ({AlertRules}), each evaluated every {EvaluateInterval}")]
    private static partial void LogAlerts(ILogger logger, int alertRuleCount, string alertRules, TimeSpan evaluateInterval);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: API bodies up to {MaxBodyBytes} bytes, {PermitsPerSecond} requests/s per credential")]
    private static partial void LogApi(ILogger logger, long maxBodyBytes, int permitsPerSecond);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Configuration: metrics {Metrics}; Orleans dashboard at {Dashboard} (ops key); console log format {LogFormat}; at most {MaxLabelValues} values per metric label; KPI gauges read every {KpiGaugeInterval}")]
    private static partial void LogObservability(ILogger logger, string metrics, string dashboard, string logFormat, int maxLabelValues, TimeSpan kpiGaugeInterval);
}
