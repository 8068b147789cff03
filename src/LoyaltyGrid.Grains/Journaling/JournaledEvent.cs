using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Notices;

namespace LoyaltyGrid.Grains.Journaling;

/// <summary>
/// What every journal payload carries, whichever stream wrote it: the KPI changes its owner
/// decided when it accepted the event, and the notices it owes the shop's other systems. The KPI
/// projection folds exactly the first and the notice projection delivers the second, so both read
/// every stream's payload through this one type.
/// </summary>
public record JournaledEvent
{
    /// <summary>Empty for an event that changes no KPI. Stored compactly (<see cref="CompactKpiDeltasConverter"/>).</summary>
    [JsonConverter(typeof(CompactKpiDeltasConverter))]
    public IReadOnlyList<KpiDelta> Kpis { get; init; } = [];

    /// <summary>What the shop's other systems are told (webhooks); null when nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Notice>? Notices { get; init; }

    /// <summary>How payloads are written and read: web defaults, so SQL sees camelCase names.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<KpiDelta> KpisOf(string payload) =>
        JsonSerializer.Deserialize<JournaledEvent>(payload, Json)?.Kpis ?? [];

    /// <summary>Only the notices of a payload: the KPI changes are skipped unread.</summary>
    public static IReadOnlyList<Notice> NoticesOf(string payload) =>
        JsonSerializer.Deserialize<NoticesOnly>(payload, Json)?.Notices ?? [];

    private sealed record NoticesOnly(IReadOnlyList<Notice>? Notices);
}
