using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Domain.Kpis;

namespace LoyaltyGrid.Grains.Journaling;

/// <summary>
/// What every journal payload carries, whichever stream wrote it: the KPI changes its owner
/// decided when it accepted the event. The KPI projection folds exactly this and nothing else,
/// so it reads every stream's payload through this one type.
/// </summary>
public record JournaledEvent
{
    /// <summary>Empty for an event that changes no KPI. Stored compactly (<see cref="CompactKpiDeltasConverter"/>).</summary>
    [JsonConverter(typeof(CompactKpiDeltasConverter))]
    public IReadOnlyList<KpiDelta> Kpis { get; init; } = [];

    /// <summary>How payloads are written and read: web defaults, so SQL sees camelCase names.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<KpiDelta> KpisOf(string payload) =>
        JsonSerializer.Deserialize<JournaledEvent>(payload, Json)?.Kpis ?? [];
}
