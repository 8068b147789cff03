using System.Net.Sockets;
using LoyaltyGrid.Server.Observability;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace LoyaltyGrid.Server.Api.Problems;

/// <summary>
/// Turns what escapes an endpoint into problem details. Storage or cluster trouble is 503 with
/// <c>Retry-After</c>, because every event is idempotent and the same request will succeed once
/// the silo or database is back; anything else is a bug, logged in full and answered with a 500
/// that reveals nothing of it.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }

        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
            return true;
        }

        IResult problem;
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
                problem = ApiProblems.PayloadTooLarge(limit);
                break;
            case BadHttpRequestException badRequest:
                problem = ApiProblems.BadRequest(badRequest.Message);
                break;
            default:
                if (Unavailability(exception) is { } retryAfter)
                {
                    LogUnavailable(logger, context.Request.Method, RouteNames.Of(context), exception);
                    context.Response.Headers.RetryAfter = ApiProblems.RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    problem = ApiProblems.Unavailable("Storage or the cluster is unavailable right now. Retry the same request later; events are idempotent.");
                }
                else
                {
                    LogUnhandled(logger, context.Request.Method, RouteNames.Of(context), exception);
                    problem = ApiProblems.Internal();
                }

                break;
        }

        await problem.ExecuteAsync(context);
        return true;
    }

    /// <summary>How long to wait before a retry when <paramref name="exception"/> means "not now"; null when it is a bug.</summary>
    internal static TimeSpan? Unavailability(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // Another activation wrote the state first (a silo died and the grain moved):
                // the next attempt reads the new state and is answered correctly.
                case InconsistentStateException:
                    return TimeSpan.FromSeconds(1);
                // Database down or unreachable, a silo gone, a call that timed out: all transient.
                case NpgsqlException or TimeoutException or SocketException or OrleansException:
                    return TimeSpan.FromSeconds(5);
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    return aggregate.InnerExceptions.Select(Unavailability).FirstOrDefault(delay => delay is not null);
            }
        }

        return null;
    }

    // By route template: the path itself holds customer ids.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Route} answered 503: storage or cluster unavailable")]
    private static partial void LogUnavailable(ILogger logger, string method, string route, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Route} failed with an unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, string method, string route, Exception exception);
}
