using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>
/// One real server process for every CLI test that needs one (see <see cref="ServerFixture"/>).
/// Tests keep apart by their ids.
/// </summary>
public sealed class CliServer : ServerFixture
{
    public string Url => Process.BaseAddress.ToString().TrimEnd('/');

    protected override string Purpose => "cli";

    /// <summary>Storefronts of their own for the tests that read a storefront's KPIs and insight back, so no other test's traffic is in them.</summary>
    public const string InsightStore = "store-insight";
    public const string InsightKey = "sf-insight-7c1e9a3b5d2f4e6a8b0c1d2e";
    public const string SpikeStore = "store-spike";
    public const string SpikeKey = "sf-spike-2b4d6f8a0c1e3a5b7d9f1e3c";
    public const string EarlySpikeStore = "store-early-spike";
    public const string EarlySpikeKey = "sf-early-5e7a9c1b3d5f7a9e1c3b5d7f";

    // The tool's bench and replay send as fast as they can; the limit has tests of its own.
    protected override void Configure(ServerProcessBuilder server) => server
        .With("Api__RateLimit__PermitsPerSecond", "100000")
        .WithCredentials(
            new ApiKeyGrant(InsightKey, "storefront", InsightStore),
            new ApiKeyGrant(SpikeKey, "storefront", SpikeStore),
            new ApiKeyGrant(EarlySpikeKey, "storefront", EarlySpikeStore));
}

[CollectionDefinition(Name)]
public sealed class CliServerCollection : ICollectionFixture<CliServer>
{
    public const string Name = "cli server";
}

/// <summary>Runs a loyaltygrid command in this process, as the executable would, capturing what it prints.</summary>
public static class Cli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Commands.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
