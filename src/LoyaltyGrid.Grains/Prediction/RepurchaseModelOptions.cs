namespace LoyaltyGrid.Grains.Prediction;

/// <summary>The <c>Prediction</c> configuration section.</summary>
public sealed class RepurchaseModelOptions
{
    public const string SectionName = "Prediction";

    /// <summary>How often the model is refitted on everything up to then (a reminder; at least one minute).</summary>
    public TimeSpan FitInterval { get; set; } = TimeSpan.FromDays(1);
}
