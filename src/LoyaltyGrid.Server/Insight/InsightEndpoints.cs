using System.Globalization;
using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Projections.Insight;
using LoyaltyGrid.Server.Alerts;
using LoyaltyGrid.Server.Api;
using LoyaltyGrid.Server.Api.Problems;
using LoyaltyGrid.Server.Api.Validation;
using LoyaltyGrid.Server.Auth;
using LoyaltyGrid.Server.Kpis;

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

    private static async Task<IResult> GetChannels(string? storefront, string? market, string? month, string? by, AttributionStore store, CancellationToken cancellationToken)
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

        var rows = await store.GroupsAsync(KpiScope.Of(storefront, market).Key, dimension!, bucket, cancellationToken);
        if (dimension == AttributionDimensions.Campaign)
        {
            return TypedResults.Ok(new CampaignsResponse([.. rows.Select(row =>
            {
                var (figures, rates) = (row.Figures, AttributionRates.Of(row.Figures));
                return new CampaignFigures(row.Key.Length == 0 ? null : row.Key, figures.Visits, figures.ConvertedSessions, Ratio(rates.ConversionRate),
                    figures.Orders, Money(figures.GrossRevenue), Money(rates.Aov), Money(rates.RevenuePerVisit));
            })]));
        }

        return TypedResults.Ok(new ChannelsResponse([.. rows.Select(row =>
        {
            var (figures, rates) = (row.Figures, AttributionRates.Of(row.Figures));
            return new ChannelFigures(row.Key, figures.Visits, figures.ConvertedSessions, Ratio(rates.ConversionRate),
                figures.Orders, Money(figures.GrossRevenue), Money(rates.Aov), Money(rates.RevenuePerVisit));
        })]));
    }

    private static async Task<IResult> GetExperiment(string experimentId, string? storefront, string? market, AttributionStore store, CancellationToken cancellationToken)
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
        var id = experimentId.ToLowerInvariant();
        if (!await store.ExperimentExistsAsync(id, cancellationToken))
        {
            return ApiProblems.NotFound($"No session was assigned to experiment '{experimentId}'.");
        }

        var rows = await store.ExperimentAsync(KpiScope.Of(storefront, market).Key, id, cancellationToken);
        if (rows.Count == 0)
        {
            return TypedResults.Ok(new ExperimentResponse(id, null, [], null));
        }

        var result = ExperimentStatistics.Evaluate([.. rows.Select(row => new VariantCounts(row.Variant, row.Figures.Visits, row.Figures.ConvertedSessions))]);
        var comparisons = result.Variants.ToDictionary(comparison => comparison.Variant, StringComparer.Ordinal);
        return TypedResults.Ok(new ExperimentResponse(id, result.Control, [.. rows.Select(row =>
        {
            var (figures, rates, comparison) = (row.Figures, AttributionRates.Of(row.Figures), comparisons[row.Variant]);
            return new VariantFigures(row.Variant, figures.Visits, figures.ConvertedSessions, Ratio(rates.ConversionRate), figures.Orders,
                Money(figures.GrossRevenue), Money(rates.RevenuePerVisit), comparison.Lift, comparison.LiftLow, comparison.LiftHigh, comparison.PValue, comparison.Significant);
        })], result.SampleRatioPValue));
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

    private static decimal Money(decimal value) => KpiNumbers.Round(value, KpiNumbers.MoneyDigits);

    private static decimal Ratio(decimal value) => KpiNumbers.Round(value, KpiNumbers.FractionDigits);
}
