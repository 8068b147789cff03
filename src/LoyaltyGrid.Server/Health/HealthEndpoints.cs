using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LoyaltyGrid.Server.Health;

public static class HealthEndpoints
{
    private const string ReadinessTag = "ready";

    public static IServiceCollection AddLoyaltyGridHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ReadinessCheck>("silo-and-storage", tags: [ReadinessTag]);
        return services;
    }

    /// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: it can do work.</summary>
    public static IEndpointRouteBuilder MapLoyaltyGridHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, data = entry.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
