using System.Text.Json.Serialization;
using LoyaltyGrid.Server.Webhooks;
using LoyaltyGrid.Server.Api.Documentation;
using LoyaltyGrid.Server.Api.Endpoints;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Campaigns;
using LoyaltyGrid.Server.Kpis;
using LoyaltyGrid.Server.Prediction;
using LoyaltyGrid.Server.Projections;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace LoyaltyGrid.Server.Api;

/// <summary>The HTTP API of api.md: registration and the request pipeline around it.</summary>
public static class LoyaltyGridApi
{
    public const string BasePath = "/api/v1";

    public static IServiceCollection AddLoyaltyGridApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddLoyaltyGridAuth(configuration);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Problems the framework writes by itself (unknown route, wrong method) get the API's
            // own types too, so clients can switch on type alone.
            if (context.ProblemDetails.Type is null || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                if (ProblemTypes.ForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode) is var (type, title))
                {
                    context.ProblemDetails.Type = type;
                    context.ProblemDetails.Title = title;
                }
            }
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Bodies are read by RequestReader, which takes numbers only as JSON numbers; the OpenAPI
        // schemas are generated from these options and must say the same.
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.TypeInfoResolver = json.SerializerOptions.TypeInfoResolver.WithKpiRounding();
        });
        services.AddApiRateLimiting();
        services.AddApiDocument();
        return services;
    }

    /// <summary>
    /// The middleware the API needs, in order (problems for errors and empty error responses,
    /// credentials, rate limits per credential, role policies), then its endpoints, the OpenAPI
    /// document and the reference page.
    /// </summary>
    public static WebApplication MapLoyaltyGridApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var api = app.MapGroup(BasePath)
            .AddEndpointFilter<ValidationFilter>()
            .AddEndpointFilter<Observability.EventOutcomeFilter>()
            .RequireRateLimiting(ApiRateLimiting.PerCredential)
            .WithMetadata(new BodySizeLimit(options.MaxBodyBytes));
        api.MapEventEndpoints();
        api.MapBatchEndpoint();
        api.MapCustomerEndpoints();
        api.MapRewardEndpoints();
        api.MapPredictionEndpoints();
        api.MapCampaignEndpoints();
        api.MapProjectionEndpoints();
        api.MapWebhookEndpoints();

        app.MapOpenApi(OpenApiSetup.DocumentPath);
        app.MapApiReference();
        return app;
    }

    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    private sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
