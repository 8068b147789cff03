using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;

namespace LoyaltyGrid.Server.Api.Json;

/// <summary>
/// Answers a request with bad input before its endpoint runs, so no bad input reaches a grain:
/// 415 for a body that is not JSON, 400 naming every bad field of the body and every route id
/// that is not a valid id (all route values of the API are ids).
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (value is string id && !Ids.IsValid(id))
            {
                errors[name] = [Ids.Rule];
            }
        }

        foreach (var argument in context.Arguments)
        {
            if (argument is IJsonBody body)
            {
                if (!body.IsJson)
                {
                    return ApiProblems.UnsupportedMediaType();
                }

                foreach (var (field, messages) in body.Errors)
                {
                    errors[field] = messages;
                }
            }
        }

        return errors.Count > 0 ? ApiProblems.Validation(errors) : await next(context);
    }
}
