using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Campaigns;

/// <summary>Ops define earning campaigns (docs/campaigns.md); purchases read them from each silo's memory, not from here.</summary>
public static class CampaignEndpoints
{
    public static RouteGroupBuilder MapCampaignEndpoints(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns").RequireAuthorization(AuthPolicies.Ops);
        campaigns.MapPut("/{campaignId}", Save)
            .WithName("SaveCampaign")
            .WithSummary("Create or replace an earning campaign")
            .WithDescription("Purchases accepted from now on earn by the new terms on every server (each reloads on the change); purchases already accepted keep what they earned. "
                + "400 names each bad field: `startsAt` before `endsAt`, `multiplier` 1–100 and/or `bonusPoints` 0–1,000,000, `markets` ISO 3166-1 alpha-2, `storefronts` ids, `minAmount` ≥ 0.")
            .Produces<CampaignResponse>()
            .Produces<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, ApiProblems.ContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        campaigns.MapGet("", List)
            .WithName("ListCampaigns")
            .WithSummary("Every campaign, ended ones included, by id")
            .Produces<CampaignListResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<IResult> Save(
        string campaignId, JsonBody<CampaignRequest> body, ICampaignStore store, ICampaignCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(campaignId))
        {
            return ApiProblems.Validation("campaignId", Ids.Rule);
        }

        var request = body.Value;
        var campaign = new Campaign(
            campaignId,
            request.Name,
            request.StartsAt,
            request.EndsAt,
            request.Multiplier,
            request.BonusPoints,
            request.Storefronts,
            request.Markets,
            request.MinAmount,
            request.FirstPurchaseOnly ?? false);
        var saved = await store.SaveAsync(campaign, clock.GetUtcNow(), cancellationToken);
        // Other silos reload when they hear of the change; this one at once, so that a purchase
        // sent here after the answer and placed here already earns by it.
        await catalog.RefreshAsync(cancellationToken);
        return TypedResults.Ok(CampaignResponse.Of(saved));
    }

    private static async Task<IResult> List(ICampaignStore store, CancellationToken cancellationToken)
    {
        var campaigns = await store.ReadAllAsync(cancellationToken);
        return TypedResults.Ok(new CampaignListResponse([.. campaigns.Select(CampaignResponse.Of)]));
    }
}
