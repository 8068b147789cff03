using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Cli.Tests;

/// <summary>
/// One real server process for every CLI test that needs one, on a database of its own, with two
/// storefront keys and an ops key configured as an operator would. Tests keep apart by their ids.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    public const string StoreA = "store-a";
    public const string StoreAKey = "sf-a-cli-7d41c0e2b9a85f36";
    public const string StoreBKey = "sf-b-cli-2f8e6a1d4c9b0e57";
    public const string OpsKey = "ops-cli-5a2c9e7b1d3f4068";

    public ServerProcess Process { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public string Url => Process.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync("cli");
        Process = ServerProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__LoyaltyGrid"] = ConnectionString,
            ["Auth__ApiKeys__0__Key"] = StoreAKey,
            ["Auth__ApiKeys__0__Role"] = "storefront",
            ["Auth__ApiKeys__0__Storefront"] = StoreA,
            ["Auth__ApiKeys__1__Key"] = StoreBKey,
            ["Auth__ApiKeys__1__Role"] = "storefront",
            ["Auth__ApiKeys__1__Storefront"] = "store-b",
            ["Auth__ApiKeys__2__Key"] = OpsKey,
            ["Auth__ApiKeys__2__Role"] = "ops",
            ["Auth__TokenSigningKey"] = "cli-test-signing-key-0c6f2a9d8e1b4c7a5f3e",
            ["Api__RateLimit__PermitsPerSecond"] = "100000",
        });
        await Process.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }
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
