using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyGrid.Grains.Journaling;

namespace LoyaltyGrid.Grains.Surveys;

/// <summary>The journal payload of an anonymous survey answer: as a customer event, the command, its fingerprint, the receipt and the KPI changes.</summary>
public sealed record SurveyEvent : JournaledEvent
{
    public const string Type = "survey";

    public string Fingerprint { get; init; } = "";

    public JsonElement Command { get; init; }

    public JsonElement Receipt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sentiment { get; init; }
}
