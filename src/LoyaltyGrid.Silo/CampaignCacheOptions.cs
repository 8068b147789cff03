namespace LoyaltyGrid.Silo;

public sealed class CampaignCacheOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>
    /// How often a silo reloads campaigns without having heard of a change: the safety net for a
    /// notice lost while its listening connection was down.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);
}
