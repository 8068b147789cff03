using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>
/// One real server process on a database of its own, shared by the classes of
/// <see cref="SecurityServerCollection"/> one after the other: the state checks compare the
/// whole database before and after, so nothing else may write to it meanwhile.
/// </summary>
public class SecurityServer : ServerFixture
{
    /// <summary>The server's default <c>Api:MaxBodyBytes</c>, which these servers keep.</summary>
    public const int MaxBodyBytes = ApiClient.DefaultMaxBodyBytes;

    protected override string Purpose => "security";

    protected override TimeSpan StartPatience => TimeSpan.FromSeconds(120);

    protected override int MaxConnections => 16;

    // Every security server knows the fuzzer's and the revoked key, whatever else it sets.
    protected sealed override void Configure(ServerProcessBuilder server) => ConfigureLimits(server.WithCredentials(SecurityKeys.Extra));

    protected virtual void ConfigureLimits(ServerProcessBuilder server) => server
        // The fuzzer sends thousands of requests a second through one key; the rate limit has
        // tests of its own on a server of its own.
        .With("Api__RateLimit__PermitsPerSecond", "1000000")
        // Logs as talkative as operators may make them, so the personal-data scan has the most to find.
        .With("Logging__LogLevel__LoyaltyGrid", "Debug")
        .With("Logging__LogLevel__Microsoft.AspNetCore", "Information")
        .With("Logging__LogLevel__Orleans", "Information");
}

[CollectionDefinition(Name)]
public sealed class SecurityServerCollection : ICollectionFixture<SecurityServer>
{
    public const string Name = "security server";
}
