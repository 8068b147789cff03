namespace LoyaltyGrid.Silo;

/// <summary>The <c>Orleans</c> configuration section: who this silo is and where it listens.</summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "loyaltygrid";

    public string ServiceId { get; set; } = "loyaltygrid";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one at. Loopback by default, which is right for any
    /// number of silos on one machine; set it to the host's address when silos run on several.
    /// </summary>
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a grain call may take before it fails; tests that kill silos shorten it.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
