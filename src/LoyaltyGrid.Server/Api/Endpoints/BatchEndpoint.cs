using System.Security.Claims;
using System.Text.Json;
using LoyaltyGrid.Domain;
using LoyaltyGrid.Server.Api.Contracts;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Observability;
using Microsoft.AspNetCore.Mvc;

namespace LoyaltyGrid.Server.Api.Endpoints;

/// <summary>
/// <c>POST /api/v1/events:batch</c>: many events in one request, each checked and translated
/// exactly as its own endpoint would, with one result per event in request order. Events of one
/// customer run one after another in array order; different customers run side by side.
/// </summary>
public static partial class BatchEndpoint
{
    // Each customer's events wait for their grain's write, and writes of many grains share one
    // commit; the more customers in flight, the fuller each commit. A batch holds at most 1,000
    // events, so this bounds a request's fan-out without starving the commits.
    private const int CustomersInFlight = 256;

    private static readonly string[] Types = [.. EventKinds.InBatch];

    public static RouteGroupBuilder MapBatchEndpoint(this RouteGroupBuilder api)
    {
        api.MapPost("/events:batch", RecordBatch)
            .RequireAuthorization(AuthPolicies.Storefront)
            .WithTags("Storefront events")
            .WithName("RecordEventBatch")
            .WithSummary("Record up to 1,000 events in one request")
            .WithDescription("200 with one result per event, in order: { status, body } or { status, problem }, as the event's own endpoint would answer. "
                + "Events of one customer are applied in array order; after an event of a customer fails with 5xx, that customer's later events are not attempted (503) so that a retry keeps their order.")
            .Produces<BatchResponse>()
            .ProducesEventProblems(conflict: false);
        return api;
    }

    private static async Task<IResult> RecordBatch(
        JsonBody<BatchRequest> body, ClaimsPrincipal user, IGrainFactory grains, LoyaltyRules rules, ILoggerFactory loggers, EventMetrics metrics, HttpContext context, CancellationToken cancellationToken)
    {
        var storefront = user.StorefrontId();
        var logger = loggers.CreateLogger(typeof(BatchEndpoint));
        var limits = InputLimits.Of(context);
        var events = body.Value.Events.Select((element, index) => Prepare(element, index, storefront, grains, rules, limits)).ToList();
        var results = new BatchResult[events.Count];

        var byCustomer = events.GroupBy(prepared => prepared.OrderingKey, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byCustomer, new ParallelOptions { MaxDegreeOfParallelism = CustomersInFlight, CancellationToken = cancellationToken }, async (customer, _) =>
        {
            var failed = false;
            foreach (var prepared in customer)
            {
                results[prepared.Index] = failed
                    ? Failure(ApiProblems.Unavailable("Not attempted: an earlier event of the same customer in this batch failed. Retry from that event on."))
                    : await RunAsync(prepared, logger);
                failed |= results[prepared.Index].Status >= 500;
            }
        });

        metrics.CountBatch(context, body.Value.Events, results);
        return TypedResults.Ok(new BatchResponse(results));
    }

    private static async Task<BatchResult> RunAsync(PreparedEvent prepared, ILogger logger)
    {
        try
        {
            return ToResult(await prepared.Run());
        }
        catch (Exception ex) when (ApiExceptionHandler.Unavailability(ex) is not null)
        {
            LogUnavailable(logger, prepared.Index, ex);
            return Failure(ApiProblems.Unavailable("Storage or the cluster is unavailable right now. Retry this event later; events are idempotent."));
        }
        catch (Exception ex)
        {
            LogFailed(logger, prepared.Index, ex);
            return Failure(ApiProblems.Internal());
        }
    }

    /// <summary>Checks one entry as its endpoint would; a bad one gets a 400 result and never reaches a grain.</summary>
    private static PreparedEvent Prepare(JsonElement element, int index, string storefront, IGrainFactory grains, LoyaltyRules rules, InputLimits limits)
    {
        // Entries that touch no grain need no ordering with anything else.
        var alone = $"#{index}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            return PreparedEvent.Invalid(index, alone, new Dictionary<string, string[]> { ["event"] = ["must be a JSON object"] });
        }

        var reader = new RequestReader(element, limits);
        var type = reader.OneOf("type", Types);
        if (reader.HasErrors)
        {
            return PreparedEvent.Invalid(index, alone, reader.Errors());
        }

        (string Key, Func<Task<IResult>> Run) translation = type switch
        {
            EventKinds.Purchase => Translate(PurchaseRequest.Read(reader), r => r.CustomerId, r => EventEndpoints.RecordPurchase(r, storefront, grains, rules)),
            EventKinds.Refund => Translate(RefundRequest.Read(reader), r => r.CustomerId, r => EventEndpoints.RecordRefund(r, storefront, grains)),
            EventKinds.Visit => Translate(VisitRequest.Read(reader), r => $"session:{r.SessionId}", r => EventEndpoints.RecordVisit(r, storefront, grains)),
            EventKinds.Complaint => Translate(ComplaintRequest.Read(reader), r => r.CustomerId, r => EventEndpoints.RecordComplaint(r, storefront, grains)),
            EventKinds.Review => Translate(ReviewRequest.Read(reader), r => r.CustomerId, r => EventEndpoints.RecordReview(r, storefront, grains)),
            // An anonymous answer touches only its own grain, so it is ordered with nothing else.
            EventKinds.Survey => Translate(SurveyRequest.Read(reader), r => r.CustomerId ?? $"#{index}", r => EventEndpoints.RecordSurvey(r, storefront, grains)),
            _ => Translate(ReferralRequest.Read(reader), r => r.RefereeId, r => EventEndpoints.RecordReferral(r, storefront, grains)),
        };
        return reader.HasErrors
            ? PreparedEvent.Invalid(index, alone, reader.Errors())
            : new PreparedEvent(index, translation.Key, translation.Run);
    }

    // Customer ids and session keys cannot collide: ids have no spaces, the prefixes say which is which.
    private static (string Key, Func<Task<IResult>> Run) Translate<T>(T request, Func<T, string> key, Func<T, Task<IResult>> run) =>
        ($"customer {key(request)}", () => run(request));

    private static BatchResult ToResult(IResult result)
    {
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var value = (result as IValueHttpResult)?.Value;
        return status < 400 ? new BatchResult(status, value, null) : new BatchResult(status, null, value);
    }

    private static BatchResult Failure(IResult problem) => ToResult(problem);

    private sealed record PreparedEvent(int Index, string OrderingKey, Func<Task<IResult>> Run)
    {
        public static PreparedEvent Invalid(int index, string orderingKey, Dictionary<string, string[]> errors) =>
            new(index, orderingKey, () => Task.FromResult<IResult>(ApiProblems.Validation(errors)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch event {Index} answered 503: storage or cluster unavailable")]
    private static partial void LogUnavailable(ILogger logger, int index, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch event {Index} failed with an unhandled exception")]
    private static partial void LogFailed(ILogger logger, int index, Exception exception);
}
