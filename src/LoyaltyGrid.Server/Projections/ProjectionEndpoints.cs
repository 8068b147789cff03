using LoyaltyGrid.Journal.Projections;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Projections;

/// <summary>Operations' view of the journal's projections: where each stands, and rebuilding one from the journal.</summary>
public static class ProjectionEndpoints
{
    public static RouteGroupBuilder MapProjectionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/admin/projections", List)
            .WithTags("Operations")
            .RequireAuthorization(AuthPolicies.Ops)
            .WithName("ListProjections")
            .WithSummary("Every projection of the event journal, with its lag and any rebuild in progress")
            .Produces<ProjectionList>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/admin/projections/{name}/rebuild", Rebuild)
            .WithTags("Operations")
            .RequireAuthorization(AuthPolicies.Ops)
            .WithName("RebuildProjection")
            .WithSummary("Recompute a projection from the whole journal while traffic continues")
            .WithDescription("Folds the journal from its start into a new generation beside the live one; once it has caught up, the new generation replaces the live one in one transaction. A rebuild already running is kept. 202 with the projection's status.")
            .Produces<ProjectionView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> List(IProjectionControl projections, CancellationToken cancellationToken) =>
        Results.Ok(new ProjectionList([.. (await projections.StatusAsync(cancellationToken)).Select(ProjectionView.Of)]));

    private static async Task<IResult> Rebuild(string name, IProjectionControl projections, CancellationToken cancellationToken)
    {
        if (!await projections.RequestRebuildAsync(name, cancellationToken))
        {
            return ApiProblems.NotFound($"There is no projection named '{name}'.");
        }

        var status = (await projections.StatusAsync(cancellationToken)).Single(projection => projection.Name == name);
        return Results.Accepted(value: ProjectionView.Of(status));
    }
}

public sealed record ProjectionList(IReadOnlyList<ProjectionView> Projections);

/// <summary>
/// A projection's position is shown as the journal transaction it has passed: the stream part of
/// a position names a customer, which an operations view has no need for.
/// </summary>
public sealed record ProjectionView(string Name, long Generation, ulong PositionTransaction, long LagEvents, double LagSeconds, RebuildView? Rebuild)
{
    public static ProjectionView Of(ProjectionStatus status) => new(
        status.Name,
        status.LiveGeneration,
        status.Position.TransactionId,
        status.LagEvents,
        Math.Round(status.LagTime.TotalSeconds, 3),
        status.Rebuild is { } rebuild
            ? new RebuildView(rebuild.Generation, rebuild.FoldedEvents, rebuild.TotalEvents,
                rebuild.TotalEvents == 0 ? 1 : Math.Round((double)rebuild.FoldedEvents / rebuild.TotalEvents, 4), rebuild.StartedAt)
            : null);
}

public sealed record RebuildView(long Generation, long FoldedEvents, long TotalEvents, double Progress, DateTimeOffset StartedAt);
