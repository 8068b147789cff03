using System.Text.Json.Nodes;
using LoyaltyGrid.Server.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyGrid.Server.Api.Documentation;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: the endpoints, their bodies, problems and credentials.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    private const string ApiKeyScheme = "ApiKey";
    private const string BearerScheme = "CustomerToken";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "LoyaltyGrid API",
                    Version = "v1",
                    Description = "Loyalty points, tiers and customer events for the storefronts of one grid. "
                        + "Every error is RFC 9457 problem details (application/problem+json). "
                        + "Unknown JSON fields are ignored; times are ISO-8601 with an offset; ids are 1–128 characters of [A-Za-z0-9._:-].",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.HeaderName,
                    Description = "A storefront or ops key from Auth:ApiKeys.",
                };
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "LoyaltyGrid customer token",
                    Description = "A token from POST /api/v1/customers/{customerId}/tokens; opens only that customer's own account.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(data => data.Policy).ToHashSet();
                if (policies.Count == 0)
                {
                    return Task.CompletedTask;
                }

                operation.Security ??= [];
                operation.Security.Add(Requirement(ApiKeyScheme, context.Document));
                if (policies.Contains(AuthPolicies.StorefrontOrOwnCustomer))
                {
                    operation.Security.Add(Requirement(BearerScheme, context.Document));
                }

                return Task.CompletedTask;
            });
        });

    /// <summary>The history limit is bound as text (to answer bad values with a named field); the document says what it really is.</summary>
    public static void DescribeLimitParameter(OpenApiOperation operation, int defaultLimit, int maxLimit)
    {
        var index = operation.Parameters?.ToList().FindIndex(parameter => parameter.Name == "limit") ?? -1;
        if (index < 0)
        {
            return;
        }

        operation.Parameters![index] = new OpenApiParameter
        {
            Name = "limit",
            In = ParameterLocation.Query,
            Required = false,
            Description = $"How many movements, newest first: 1 to {maxLimit}, default {defaultLimit}.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Minimum = "1",
                Maximum = maxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Default = JsonValue.Create(defaultLimit),
            },
        };
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
