using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Complaints;

[JsonConverter(typeof(JsonStringEnumConverter<ComplaintCategory>))]
public enum ComplaintCategory
{
    Logistics,
    Quality,
    NotAsDescribed,
    ReturnRefund,
    Payment,
    Service,
}

public static class ComplaintCategoryNames
{
    private static readonly Dictionary<string, ComplaintCategory> ByApiName =
        Enum.GetValues<ComplaintCategory>().ToDictionary(ToApiName, StringComparer.Ordinal);

    /// <summary>The spelling of api.md ("not-as-described"), which an enum name cannot carry.</summary>
    public static string ToApiName(this ComplaintCategory category) => category switch
    {
        ComplaintCategory.Logistics => "logistics",
        ComplaintCategory.Quality => "quality",
        ComplaintCategory.NotAsDescribed => "not-as-described",
        ComplaintCategory.ReturnRefund => "return-refund",
        ComplaintCategory.Payment => "payment",
        ComplaintCategory.Service => "service",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown complaint category."),
    };

    public static bool TryParse(string? apiName, out ComplaintCategory category) =>
        ByApiName.TryGetValue(apiName ?? "", out category);
}
