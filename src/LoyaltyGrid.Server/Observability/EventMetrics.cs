using System.Collections.Frozen;
using System.Diagnostics;
using System.Text.Json;
using LoyaltyGrid.Grains.Observability;
using LoyaltyGrid.Server.Api.Contracts;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Observability;

/// <summary>
/// Counts every storefront event and redemption received over HTTP as
/// <c>loyaltygrid_events_total{type, storefront, outcome, reason}</c>, whatever answered it: the
/// grain, validation, authentication, the rate limiter or the exception handler. The outcome is
/// read from the final status code, so a request is counted exactly as its client saw it.
/// </summary>
public sealed class EventMetrics(LoyaltyGridMetrics metrics, ObservabilityLabels labels)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
    public const string NoReason = "none";

    /// <summary>Counted whole when refused before its entries were read (bad credential, too large, not JSON).</summary>
    public const string BatchType = "batch";

    /// <summary>A batch entry without a known <c>type</c>.</summary>
    public const string UnknownType = "unknown";

    private static readonly object DuplicateMarker = new();
    private static readonly object CountedMarker = new();

    // By the endpoints' names (their OpenAPI operation ids, which clients already depend on), so
    // the endpoints need no metadata of ours.
    private static readonly FrozenDictionary<string, string> TypeByEndpoint = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["RecordPurchase"] = EventKinds.Purchase,
        ["RecordRefund"] = EventKinds.Refund,
        ["RecordVisit"] = EventKinds.Visit,
        ["OpenComplaint"] = EventKinds.Complaint,
        ["RecordComplaintResponse"] = EventKinds.ComplaintResponse,
        ["RecordComplaintResolution"] = EventKinds.ComplaintResolution,
        ["RecordReview"] = EventKinds.Review,
        ["RecordSurveyResponse"] = EventKinds.Survey,
        ["RecordReferral"] = EventKinds.Referral,
        ["RedeemPoints"] = EventKinds.Redemption,
        ["RecordEventBatch"] = BatchType,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> BatchEntryTypes =
        EventKinds.InBatch.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>All event types, for documentation and tests.</summary>
    public static IEnumerable<string> Types => TypeByEndpoint.Values.Append(UnknownType).Order(StringComparer.Ordinal);

    /// <summary>What a status code means for an event: accepted (or duplicate), rejected (4xx) or failed (5xx), and why.</summary>
    public static (string Outcome, string Reason) Classify(int status, bool duplicate) => status switch
    {
        >= 200 and < 300 => (duplicate ? Duplicate : Accepted, NoReason),
        StatusCodes.Status400BadRequest => (Rejected, "validation"),
        StatusCodes.Status401Unauthorized => (Rejected, "unauthorized"),
        StatusCodes.Status403Forbidden => (Rejected, "forbidden"),
        StatusCodes.Status404NotFound => (Rejected, "not_found"),
        StatusCodes.Status409Conflict => (Rejected, "conflict"),
        StatusCodes.Status413PayloadTooLarge => (Rejected, "too_large"),
        StatusCodes.Status415UnsupportedMediaType => (Rejected, "unsupported_media_type"),
        StatusCodes.Status422UnprocessableEntity => (Rejected, "unprocessable"),
        StatusCodes.Status429TooManyRequests => (Rejected, "rate_limited"),
        StatusCodes.Status503ServiceUnavailable => (Failed, "unavailable"),
        >= 500 => (Failed, "error"),
        _ => (Rejected, "other"),
    };

    /// <summary>Whether a response body says its event had been applied before.</summary>
    public static bool IsDuplicate(object? body) => body switch
    {
        PurchaseResponse response => response.Duplicate,
        RefundResponse response => response.Duplicate,
        VisitResponse response => response.Duplicate,
        ComplaintResponse response => response.Duplicate,
        ReviewResponse response => response.Duplicate,
        ReferralResponse response => response.Duplicate,
        RedemptionResponse response => response.Duplicate,
        _ => false,
    };

    /// <summary>The event type of an endpoint, or null when it takes no events.</summary>
    public static string? TypeOf(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name && TypeByEndpoint.TryGetValue(name, out var type)
            ? type
            : null;

    /// <summary>Counts each entry of a batch that was read, by its own type and status; the request then counts no more.</summary>
    public void CountBatch(HttpContext context, IReadOnlyList<JsonElement> events, IReadOnlyList<BatchResult> results)
    {
        ArgumentNullException.ThrowIfNull(context);
        var storefront = context.User.FindFirst(LoyaltyGridClaims.Storefront)?.Value;
        for (var index = 0; index < results.Count && index < events.Count; index++)
        {
            Count(EntryType(events[index]), storefront, results[index].Status, IsDuplicate(results[index].Body));
        }

        context.Items[CountedMarker] = true;
    }

    /// <summary>Counts a single-event request once it has been answered, unless its entries were counted one by one.</summary>
    internal void CountAnswered(HttpContext context, string type, int status)
    {
        if (context.Items.ContainsKey(CountedMarker))
        {
            return;
        }

        Count(type, context.User.FindFirst(LoyaltyGridClaims.Storefront)?.Value, status, context.Items.ContainsKey(DuplicateMarker));
    }

    internal static void MarkDuplicate(HttpContext context) => context.Items[DuplicateMarker] = true;

    private void Count(string type, string? storefront, int status, bool duplicate)
    {
        var (outcome, reason) = Classify(status, duplicate);
        var tags = new TagList
        {
            { "type", type },
            { "outcome", outcome },
            { "reason", reason },
        };
        if (storefront is not null)
        {
            tags.Add("storefront", labels.Storefronts.Admit(storefront));
        }

        metrics.Events.Add(1, tags);
    }

    private static string EntryType(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object
        && entry.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String
        && type.GetString() is { } name
        && BatchEntryTypes.Contains(name)
            ? name
            : UnknownType;
}

/// <summary>Counts each single-event request after the whole pipeline (authentication included) has answered it.</summary>
internal sealed class EventMetricsMiddleware(RequestDelegate next, EventMetrics events)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch
        {
            // Only what the exception handler could not answer gets here; the client sees a 500
            // (or a broken response), whatever the status code says so far.
            if (EventMetrics.TypeOf(context.GetEndpoint()) is { } failedType)
            {
                events.CountAnswered(context, failedType, StatusCodes.Status500InternalServerError);
            }

            throw;
        }

        if (EventMetrics.TypeOf(context.GetEndpoint()) is { } type)
        {
            events.CountAnswered(context, type, context.Response.StatusCode);
        }
    }
}

/// <summary>
/// Notes whether an endpoint's answer was a duplicate, which only the response body says; the
/// middleware counts it once the status is final.
/// </summary>
public sealed class EventOutcomeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        if (result is IValueHttpResult { Value: var body } && EventMetrics.IsDuplicate(body))
        {
            EventMetrics.MarkDuplicate(context.HttpContext);
        }

        return result;
    }
}
