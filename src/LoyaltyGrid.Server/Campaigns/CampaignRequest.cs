using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LoyaltyGrid.Server.Api.Json;
using LoyaltyGrid.Server.Api.Validation;

namespace LoyaltyGrid.Server.Campaigns;

/// <summary>
/// The body of <c>PUT /api/v1/campaigns/{campaignId}</c>. It reads and checks itself
/// (<see cref="RequestReader"/>); the attributes only describe the same rules in the OpenAPI document.
/// </summary>
public sealed record CampaignRequest(
    [property: Required, MaxLength(CampaignRequest.MaxNameLength)] string Name,
    [property: Required, Description("ISO-8601 with offset; purchases at or after it qualify.")] DateTimeOffset StartsAt,
    [property: Required, Description("ISO-8601 with offset, after `startsAt`; purchases before it qualify.")] DateTimeOffset EndsAt,
    [property: Description("At least 1, at most 100; the highest of the applying campaigns multiplies the tier points. `multiplier`, `bonusPoints` or both.")] decimal? Multiplier,
    [property: Description("Whole points added to each qualifying purchase, 0 to 1,000,000.")] long? BonusPoints,
    [property: Description("Storefront ids; absent = every storefront.")] IReadOnlyList<string>? Storefronts,
    [property: Description("ISO 3166-1 alpha-2 codes; absent = every market.")] IReadOnlyList<string>? Markets,
    [property: Description("At least 0, in the reporting currency, at most 2 decimals.")] decimal? MinAmount,
    [property: Description("Only the customer's first purchase qualifies.")] bool? FirstPurchaseOnly)
    : IJsonRequest<CampaignRequest>
{
    public const int MaxNameLength = 200;
    public const decimal MaxMultiplier = 100m;
    public const long MaxBonusPoints = 1_000_000;
    public const int MaxListEntries = 1000;

    public static CampaignRequest Read(RequestReader reader)
    {
        var request = new CampaignRequest(
            reader.Text("name", MaxNameLength),
            reader.Instant("startsAt", anyTime: true),
            reader.Instant("endsAt", anyTime: true),
            reader.OptionalNumber("multiplier", 1m, MaxMultiplier),
            reader.OptionalInteger("bonusPoints", 0, MaxBonusPoints),
            reader.OptionalStrings("storefronts", MaxListEntries, Ids.IsValid, Ids.Rule),
            reader.OptionalStrings("markets", CountryCodes.Count, CountryCodes.IsAssigned, "must be an assigned upper-case ISO 3166-1 alpha-2 country code, e.g. DE"),
            reader.OptionalNumber("minAmount", 0m, Amounts.Maximum),
            reader.OptionalBoolean("firstPurchaseOnly"));

        if (request.Name.Length == 0 && reader.Has("name"))
        {
            reader.AddError("name", "must not be empty");
        }

        if (request.StartsAt != default && request.EndsAt != default && request.EndsAt <= request.StartsAt)
        {
            reader.AddError("endsAt", "must be after startsAt");
        }

        if (!reader.Has("multiplier") && !reader.Has("bonusPoints"))
        {
            reader.AddError("multiplier", "multiplier or bonusPoints is required");
            reader.AddError("bonusPoints", "multiplier or bonusPoints is required");
        }

        if (request.MinAmount is { } minAmount && decimal.Round(minAmount, 2) != minAmount)
        {
            reader.AddError("minAmount", "must have at most 2 decimals");
        }

        return request;
    }
}
