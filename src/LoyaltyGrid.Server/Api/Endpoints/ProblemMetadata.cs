using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoyaltyGrid.Server.Api.Endpoints;

/// <summary>The problem responses each kind of endpoint can give, for the OpenAPI document.</summary>
internal static class ProblemMetadata
{
    public static RouteHandlerBuilder ProducesEventProblems(
        this RouteHandlerBuilder endpoint, bool notFound = false, bool conflict = true, bool unknownCurrency = false)
    {
        endpoint.ProducesCommon(body: true);
        if (notFound)
        {
            endpoint.ProducesProblem(StatusCodes.Status404NotFound);
        }

        if (conflict)
        {
            endpoint.ProducesProblem(StatusCodes.Status409Conflict);
        }

        if (unknownCurrency)
        {
            endpoint.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }

        return endpoint;
    }

    public static RouteHandlerBuilder ProducesCustomerProblems(this RouteHandlerBuilder endpoint, bool notFound = false, bool conflict = false, bool body = false)
    {
        endpoint.ProducesCommon(body);
        if (notFound)
        {
            endpoint.ProducesProblem(StatusCodes.Status404NotFound);
        }

        if (conflict)
        {
            endpoint.ProducesProblem(StatusCodes.Status409Conflict);
        }

        return endpoint;
    }

    private static void ProducesCommon(this RouteHandlerBuilder endpoint, bool body)
    {
        endpoint.Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, Problems.ApiProblems.ContentType);
        endpoint.ProducesProblem(StatusCodes.Status401Unauthorized);
        endpoint.ProducesProblem(StatusCodes.Status403Forbidden);
        if (body)
        {
            endpoint.ProducesProblem(StatusCodes.Status413PayloadTooLarge);
            endpoint.ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        }

        endpoint.ProducesProblem(StatusCodes.Status429TooManyRequests);
        endpoint.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }
}
