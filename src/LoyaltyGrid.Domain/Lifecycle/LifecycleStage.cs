using System.Text.Json.Serialization;

namespace LoyaltyGrid.Domain.Lifecycle;

[JsonConverter(typeof(JsonStringEnumConverter<LifecycleStage>))]
public enum LifecycleStage
{
    Prospect,
    New,
    Repeat,
    AtRisk,
    Lapsed,
}

public static class LifecycleStageNames
{
    /// <summary>The spelling of api.md and kpis.md ("at-risk"), which an enum name cannot carry.</summary>
    public static string ToApiName(this LifecycleStage stage) => stage switch
    {
        LifecycleStage.Prospect => "prospect",
        LifecycleStage.New => "new",
        LifecycleStage.Repeat => "repeat",
        LifecycleStage.AtRisk => "at-risk",
        LifecycleStage.Lapsed => "lapsed",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown lifecycle stage."),
    };
}
