using System.Globalization;
using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Projections.Insight;
using LoyaltyGrid.Server.Alerts;
using LoyaltyGrid.Server.Api;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Server.Auth;

namespace LoyaltyGrid.Server.Insight;

/// <summary><c>GET /api/v1/kpis/channels</c> and <c>GET /api/v1/experiments/{experimentId}</c> (api.md "Insight"), read from the attribution projection.</summary>
public static class InsightEndpoints
{
    public static IEndpointRouteBuilder MapLoyaltyGridInsight(this IEndpointRouteBuilder endpoints)
    {
        var insight = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(AuthPolicies.Ops)
            .RequireRateLimiting(ApiRateLimiting.PerCredential)
            .WithTags("Insight");
        insight.MapGet("/kpis/channels", GetChannels)
            .AcceptsOnlyQueryParameters("storefront", "market", "month", "by")
            .WithName("GetChannelKpis")
            .WithSummary("Visits, conversion, orders and revenue per channel (or per campaign with ?by=campaign), all-time or for ?month=YYYY-MM.")
            .Produces<ChannelsResponse>()
            .Produces<CampaignsResponse>()
            .ProducesValidationProblem();
        insight.MapGet("/experiments/{experimentId}", GetExperiment)
            .AcceptsOnlyQueryParameters("storefront", "market")
            .WithName("GetExperiment")
            .WithSummary("An experiment's variants with lift, 95 % interval, pooled z-test p-value and the sample-ratio check.")
            .Produces<ExperimentResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        insight.MapAlertEndpoints();
        return endpoints;
    }

    private static async Task<IResult> GetChannels(string? storefront, string? market, string? month, string? by, InsightReports reports, CancellationToken cancellationToken)
    {
        var errors = ScopeErrors(storefront, market);
        var bucket = KpiBucket.AllTime.Key;
        if (!string.IsNullOrEmpty(month))
        {
            if (DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                bucket = KpiBucket.Month(start.Year, start.Month).Key;
            }
            else
            {
                errors["month"] = ["must be a month written YYYY-MM, such as 2026-11"];
            }
        }

        var dimension = by?.ToLowerInvariant() switch
        {
            null or "" or AttributionDimensions.Channel => AttributionDimensions.Channel,
            AttributionDimensions.Campaign => AttributionDimensions.Campaign,
            _ => null,
        };
        if (dimension is null)
        {
            errors["by"] = ["must be channel or campaign"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var scope = KpiScope.Of(storefront, market).Key;
        return dimension == AttributionDimensions.Campaign
            ? TypedResults.Ok(new CampaignsResponse(await reports.CampaignsAsync(scope, bucket, cancellationToken)))
            : TypedResults.Ok(new ChannelsResponse(await reports.ChannelsAsync(scope, bucket, cancellationToken)));
    }

    private static async Task<IResult> GetExperiment(string experimentId, string? storefront, string? market, InsightReports reports, CancellationToken cancellationToken)
    {
        var errors = ScopeErrors(storefront, market);
        if (!Ids.IsValid(experimentId))
        {
            errors["experimentId"] = [Ids.Rule];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        // Ids are compared case-insensitively and stored lower-case.
        var report = await reports.ExperimentAsync(KpiScope.Of(storefront, market).Key, experimentId.ToLowerInvariant(), cancellationToken);
        return report is null
            ? ApiProblems.NotFound($"No session was assigned to experiment '{experimentId}'.")
            : TypedResults.Ok(report);
    }

    private static Dictionary<string, string[]> ScopeErrors(string? storefront, string? market)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(storefront) && !Ids.IsValid(storefront))
        {
            errors["storefront"] = [Ids.Rule];
        }

        if (!string.IsNullOrEmpty(market) && !CountryCodes.IsAssigned(market))
        {
            errors["market"] = ["must be an ISO 3166-1 alpha-2 country code"];
        }

        return errors;
    }
}
