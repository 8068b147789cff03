using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Prediction;
using LoyaltyGrid.Grains.Prediction;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Prediction;

/// <summary>The repurchase model's HTTP side: fitting on demand and the figures other reads attach.</summary>
public static class PredictionEndpoints
{
    private const string AsOf = "asOf";

    public static IServiceCollection AddLoyaltyGridPrediction(this IServiceCollection services)
    {
        services.AddHostedService<RepurchaseModelScheduler>();
        return services;
    }

    public static RouteGroupBuilder MapPredictionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/model/fit", Fit)
            .WithTags("Model")
            .RequireAuthorization(AuthPolicies.Ops)
            .AcceptsOnlyQueryParameters(AsOf)
            .WithName("FitRepurchaseModel")
            .WithSummary("Fit the BG/NBD repurchase model now")
            .WithDescription("Fits (r, α, a, b) on every customer's purchases before `asOf` (default now), each observed until `asOf`; stores the fit, which then drives `pAlive`, `expectedPurchases90d` and the KPI forecast. "
                + "`asOf` may come in the optional body or as the query parameter `?asOf=` (empty means now), not both. 409 when no customer has bought twice before `asOf`. See docs/prediction.md.")
            .Accepts<ModelFitRequest>("application/json")
            .Produces<ModelFitResponse>()
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>The grid-wide forecast on the grid scope's snapshot; other scopes are left as they are.</summary>
    public static async Task<KpiSnapshot> WithRepurchaseForecastAsync(this KpiSnapshot snapshot, IGrainFactory grains)
    {
        if (snapshot.Scope != KpiScope.Grid.Key)
        {
            return snapshot;
        }

        var fit = await grains.GetGrain<IRepurchaseModelGrain>(IRepurchaseModelGrain.Key).Latest();
        return fit is null
            ? snapshot
            : snapshot with { Repurchase = new KpiRepurchaseForecast(fit.ExpectedPurchases30d, fit.ExpectedPurchases90d, fit.CustomersLikelyLost, fit.Customers, fit.AsOf) };
    }

    private static async Task<IResult> Fit(HttpRequest request, string? asOf, IGrainFactory grains, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var (until, problem) = await ReadAsOfAsync(request, asOf, now);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await grains.GetGrain<IRepurchaseModelGrain>(IRepurchaseModelGrain.Key).Fit(until);
        if (outcome.Fit is not { } fit)
        {
            return ApiProblems.Conflict(outcome.Unfittable ?? "Nothing to fit.");
        }

        var p = fit.Parameters;
        return TypedResults.Ok(new ModelFitResponse(p.R, p.Alpha, p.A, p.B, fit.Customers, fit.LogLikelihood, fit.AsOf));
    }

    // The body is optional, so it is read here rather than bound: empty means "now". Users also
    // try ?asOf=, so the query may say it instead (empty there means "now" too), but not both.
    private static async Task<(DateTimeOffset AsOf, IResult? Problem)> ReadAsOfAsync(HttpRequest request, string? inQuery, DateTimeOffset now)
    {
        var (inBody, problem) = await ReadBodyAsOfAsync(request);
        if (problem is not null)
        {
            return (now, problem);
        }

        if (!string.IsNullOrEmpty(inQuery) && inBody is not null)
        {
            return (now, ApiProblems.Validation(AsOf, "must be given in the query or in the body, not both"));
        }

        var text = string.IsNullOrEmpty(inQuery) ? inBody : inQuery;
        if (text is null)
        {
            return (now, null);
        }

        if (!Timestamps.TryParse(text, out var asOf, out var rule))
        {
            return (now, ApiProblems.Validation(AsOf, rule ?? Timestamps.Rule));
        }

        return asOf > now
            ? (now, ApiProblems.Validation(AsOf, "must not be in the future: the observation period ends at or before now"))
            : (asOf, null);
    }

    private static async Task<(string? AsOf, IResult? Problem)> ReadBodyAsOfAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            return (null, null);
        }

        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.UnsupportedMediaType());
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return (null, ApiProblems.BadRequest("The body is not valid JSON."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiProblems.BadRequest("The body must be a JSON object."));
            }

            if (!document.RootElement.TryGetProperty(AsOf, out var asOfElement) || asOfElement.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            return asOfElement.ValueKind == JsonValueKind.String
                ? (asOfElement.GetString()!, null)
                : (null, ApiProblems.Validation(AsOf, Timestamps.Rule));
        }
    }
}

/// <summary>Registers the scheduled refit once this server is up (idempotent across servers and restarts).</summary>
internal sealed partial class RepurchaseModelScheduler(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<RepurchaseModelScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IRepurchaseModelGrain>(IRepurchaseModelGrain.Key).EnsureScheduled();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The reminder table or the model grain's silo may not be ready yet; try again shortly.
                LogScheduleFailed(ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduling the repurchase model refit failed (attempt {Attempt}); retrying")]
    private partial void LogScheduleFailed(Exception exception, int attempt);
}
