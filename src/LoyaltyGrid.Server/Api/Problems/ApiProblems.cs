using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoyaltyGrid.Server.Api.Problems;

/// <summary>
/// Every problem response of the API (RFC 9457). Each kind has its own <c>type</c>, a URN that
/// clients can switch on; the reference page at <c>/api</c> lists them. Details say what went
/// wrong in words a developer can act on and never carry secrets, stack traces or SQL.
/// </summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static ProblemHttpResult Unauthorized(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthenticated, ProblemTitles.Unauthenticated, detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, ProblemTitles.Forbidden, detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: "One or more fields are not valid; see errors.",
            type: ProblemTypes.Validation,
            title: ProblemTitles.Validation);

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, ProblemTitles.NotFound, detail);

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, ProblemTypes.Conflict, ProblemTitles.Conflict, detail);

    /// <summary>A 409 whose <c>type</c> names the business reason (<c>…:out-of-stock</c>), so clients can switch on it.</summary>
    public static ProblemHttpResult Conflict(string type, string title, string detail) =>
        Problem(StatusCodes.Status409Conflict, type, title, detail);

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, ProblemTitles.PayloadTooLarge,
            $"The request body is larger than the limit of {limit} bytes.");

    public static ProblemHttpResult UnsupportedMediaType() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, ProblemTitles.UnsupportedMediaType,
            "Send the body as JSON with 'Content-Type: application/json'.");

    public static ProblemHttpResult Unprocessable(string detail) =>
        Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.Unsupported, ProblemTitles.Unsupported, detail);

    public static ProblemHttpResult UnknownCurrency(string currency) =>
        Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.UnknownCurrency, "Unknown currency",
            $"The currency '{currency}' is not in this programme's rate table.");

    public static ProblemHttpResult RateLimited(TimeSpan retryAfter) =>
        Problem(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, ProblemTitles.RateLimited,
            $"This credential exceeded its rate limit; retry after {RetryAfterSeconds(retryAfter)} seconds.");

    public static ProblemHttpResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, ProblemTitles.Unavailable, detail);

    public static ProblemHttpResult Internal() =>
        Problem(StatusCodes.Status500InternalServerError, ProblemTypes.Internal, ProblemTitles.Internal,
            "The server failed to process the request; it has been logged. Retrying an event with the same id is safe.");

    public static ProblemHttpResult BadRequest(string detail) =>
        Problem(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, ProblemTitles.BadRequest, detail);

    /// <summary>Whole seconds, at least one: what a <c>Retry-After</c> header can say.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail });
}

public static class ProblemTypes
{
    private const string Prefix = "urn:loyaltygrid:problem:";

    public const string Validation = Prefix + "validation";
    public const string BadRequest = Prefix + "bad-request";
    public const string Unauthenticated = Prefix + "unauthenticated";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Conflict = Prefix + "conflict";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string UnknownCurrency = Prefix + "unknown-currency";
    public const string Unsupported = Prefix + "unsupported";
    public const string RateLimited = Prefix + "rate-limited";
    public const string Internal = Prefix + "internal";
    public const string Unavailable = Prefix + "unavailable";
    public const string InsufficientPoints = Prefix + "insufficient-points";
    public const string OutOfStock = Prefix + "out-of-stock";
    public const string AlreadyRedeemed = Prefix + "already-redeemed";
    public const string Expired = Prefix + "expired";

    /// <summary>The type and title for a status the framework answered by itself (an unknown route, a wrong method).</summary>
    public static (string Type, string Title)? ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => (BadRequest, ProblemTitles.BadRequest),
        StatusCodes.Status401Unauthorized => (Unauthenticated, ProblemTitles.Unauthenticated),
        StatusCodes.Status403Forbidden => (Forbidden, ProblemTitles.Forbidden),
        StatusCodes.Status404NotFound => (NotFound, ProblemTitles.NotFound),
        StatusCodes.Status405MethodNotAllowed => (MethodNotAllowed, ProblemTitles.MethodNotAllowed),
        StatusCodes.Status409Conflict => (Conflict, ProblemTitles.Conflict),
        StatusCodes.Status413PayloadTooLarge => (PayloadTooLarge, ProblemTitles.PayloadTooLarge),
        StatusCodes.Status415UnsupportedMediaType => (UnsupportedMediaType, ProblemTitles.UnsupportedMediaType),
        StatusCodes.Status422UnprocessableEntity => (Unsupported, ProblemTitles.Unsupported),
        StatusCodes.Status429TooManyRequests => (RateLimited, ProblemTitles.RateLimited),
        StatusCodes.Status500InternalServerError => (Internal, ProblemTitles.Internal),
        StatusCodes.Status503ServiceUnavailable => (Unavailable, ProblemTitles.Unavailable),
        _ => null,
    };
}

/// <summary>
/// One title per kind of problem, whoever writes it: the API's endpoints or the framework
/// answering by itself (an unknown route's 404 said "Not Found" where an unknown customer's said
/// "Not found"). Sentence case, as every title of the API.
/// </summary>
public static class ProblemTitles
{
    public const string Validation = "The request is not valid";
    public const string BadRequest = "Bad request";
    public const string Unauthenticated = "Authentication required";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "Not found";
    public const string MethodNotAllowed = "Method not allowed";
    public const string Conflict = "Conflict";
    public const string PayloadTooLarge = "Request body too large";
    public const string UnsupportedMediaType = "Unsupported media type";
    public const string Unsupported = "Unsupported";
    public const string RateLimited = "Too many requests";
    public const string Internal = "Internal server error";
    public const string Unavailable = "Service unavailable";
}
