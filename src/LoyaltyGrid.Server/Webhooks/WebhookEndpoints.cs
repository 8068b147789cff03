using System.Globalization;
using LoyaltyGrid.Projections.Webhooks;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Webhooks;

/// <summary>Operations' view of webhook delivery (api.md "Webhooks"): the delivery log.</summary>
public static class WebhookEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/webhooks/deliveries", Deliveries)
            .WithTags("Operations")
            .RequireAuthorization(AuthPolicies.Ops)
            .AcceptsOnlyQueryParameters("status", "limit")
            .WithName("ListWebhookDeliveries")
            .WithSummary("The webhook delivery log, newest first")
            .WithDescription($"One entry per event and subscription: attempts, the last answer or error, and the next attempt while pending. `status` is `pending`, `delivered` or `failed` (absent: all); `limit` from 1 to {MaxLimit}, default {DefaultLimit}.")
            .Produces<WebhookDeliveryList>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    // Both are bound as text so that a bad value is answered like any other bad field, naming it.
    private static async Task<IResult> Deliveries(string? status, string? limit, WebhookOutbox outbox, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !WebhookStatus.All.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"must be one of {string.Join(", ", WebhookStatus.All)}"];
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"must be an integer from 1 to {MaxLimit}"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        return Results.Ok(new WebhookDeliveryList(await outbox.ListAsync(status, count, cancellationToken)));
    }
}

public sealed record WebhookDeliveryList(IReadOnlyList<WebhookDeliveryRecord> Deliveries);
