using LoyaltyGrid.Grains.Observability;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// Metrics at <c>/metrics</c> (Prometheus text, anonymous), the Orleans dashboard at
/// <c>/dashboard</c> (ops), request logs and the trace ids that tie log lines to requests.
/// What each metric means is in docs/metrics.md.
/// </summary>
public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Every meter exported. ASP.NET Core and the .NET runtime publish their metrics themselves
    /// (since .NET 8 and 9), so no instrumentation package is needed for them.
    /// </summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        LoyaltyGridMetrics.MeterName,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Runtime",
    ];

    /// <summary>ASP.NET Core starts a request's activity (its trace id) only when something listens to this source.</summary>
    private const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    public static WebApplicationBuilder AddLoyaltyGridObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ObservabilityOptions>()
            .Bind(builder.Configuration.GetSection(ObservabilityOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>();
        services.AddSingleton<ObservabilityLabels>();
        services.AddSingleton<EventMetrics>();
        services.AddSingleton<RequestSummary>();
        services.AddHostedService(provider => provider.GetRequiredService<RequestSummary>());
        services.AddSingleton<KpiGauges>();
        services.AddHostedService(provider => provider.GetRequiredService<KpiGauges>());
        services.AddDashboardAccess();

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("loyaltygrid"))
            .WithMetrics(metrics => metrics
                .AddMeter([.. Meters])
                .AddPrometheusExporter())
            // No exporter: the listener is what makes ASP.NET Core create the activity whose
            // trace id every log line of the request carries.
            .WithTracing(tracing => tracing.AddSource(AspNetCoreActivitySource));
        return builder;
    }

    /// <summary>Request logs and event counting, outside everything else so they see the final status.</summary>
    public static WebApplication UseLoyaltyGridObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<EventMetricsMiddleware>();
        return app;
    }

    public static WebApplication MapLoyaltyGridObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        var scrape = app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        if (options.MetricsPort is { } port)
        {
            scrape.RequireHost($"*:{port}");
        }

        app.MapLoyaltyGridDashboard();
        return app;
    }

    private sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
    {
        public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
