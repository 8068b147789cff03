namespace LoyaltyGrid.Deploy.Tests;

/// <summary>The check the deployment tests rely on tells names the server reads from names it ignores.</summary>
public sealed class ServerSettingsTests
{
    [Theory]
    [InlineData("ConnectionStrings__LoyaltyGrid")]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("Orleans__AdvertisedIPAddress")]
    [InlineData("Orleans__ResponseTimeout")]
    [InlineData("Auth__ApiKeys__0__Key")]
    [InlineData("Auth__ApiKeys__12__Storefront")]
    [InlineData("Auth__TokenLifetime")]
    [InlineData("Api__RateLimit__PermitsPerSecond")]
    [InlineData("Journal__GroupCommit__Window")]
    [InlineData("Customers__SnapshotEvery")]
    [InlineData("Loyalty__Rates__SEK")]
    [InlineData("Loyalty__Tiers__Gold__Threshold")]
    [InlineData("EmbeddedPostgres__Port")]
    [InlineData("Observability__MetricsPort")]
    [InlineData("Logging__LogLevel__Orleans")]
    public void Names_the_server_reads(string name) => Assert.Null(ServerSettings.WhyNotRead(name));

    [Theory]
    [InlineData("ConnectionStrings__Default")]
    [InlineData("Orleans__AdvertisedIpAdress")]
    [InlineData("Orleans__SiloPort__Extra")]
    [InlineData("Orleans")]
    [InlineData("Auth__ApiKeys__first__Key")]
    [InlineData("Auth__ApiKeys__0")]
    [InlineData("Auth__ApiKey__0__Key")]
    [InlineData("Kpi__FlushInterval")]
    [InlineData("Loyalty__TierWindow")]
    [InlineData("ASPNETCORE_URL")]
    [InlineData("Observability__Metrics__Port")]
    [InlineData("Orleans__ClusterId__")]
    [InlineData("Storage__GroupCommit__Windows")]
    [InlineData("Storage__DefaultProvider")]
    public void Names_the_server_ignores(string name) => Assert.NotNull(ServerSettings.WhyNotRead(name));
}
