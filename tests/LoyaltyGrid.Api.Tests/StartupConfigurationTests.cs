using LoyaltyGrid.Testing;
using LoyaltyGrid.Api.Tests.Support;

namespace LoyaltyGrid.Api.Tests;

/// <summary>A server with unusable API configuration refuses to start and names the key to fix.</summary>
public sealed class StartupConfigurationTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateMigratedDatabaseAsync("apiconfig");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Outside_development_the_token_signing_key_is_required()
    {
        var environment = Environment();
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment.Remove("Auth__TokenSigningKey");

        var output = await ExitOutputAsync(environment);

        Assert.Contains("Auth:TokenSigningKey must be set outside Development", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_keys_are_named_an_unknown_role_a_missing_or_reserved_storefront_a_short_key()
    {
        var environment = Environment();
        environment["Auth__ApiKeys__0__Role"] = "admin";
        environment["Auth__ApiKeys__1__Storefront"] = "";
        environment["Auth__ApiKeys__2__Key"] = "short";
        environment["Auth__ApiKeys__3__Key"] = "sf-d-0123456789abcdef01234567";
        environment["Auth__ApiKeys__3__Role"] = "storefront";
        environment["Auth__ApiKeys__3__Storefront"] = "customer";

        var output = await ExitOutputAsync(environment);

        Assert.Contains("Auth:ApiKeys:0:Role", output, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:1:Storefront", output, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:2:Key", output, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys:3:Storefront must not be 'customer'", output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.StoreAKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_limits_must_be_positive()
    {
        var environment = Environment();
        environment["Api__MaxBodyBytes"] = "0";
        environment["Api__RateLimit__PermitsPerSecond"] = "-1";

        var output = await ExitOutputAsync(environment);

        Assert.Contains("Api:MaxBodyBytes", output, StringComparison.Ordinal);
        Assert.Contains("Api:RateLimit:PermitsPerSecond", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_webhook_subscriptions_are_named_a_bad_url_a_missing_secret_an_unknown_event()
    {
        var environment = Environment();
        environment["Webhooks__Subscriptions__0__Url"] = "ftp://hooks.example/in";
        environment["Webhooks__Subscriptions__0__Secret"] = "whsec-a-0123456789";
        environment["Webhooks__Subscriptions__1__Url"] = "https://hooks.example/in";
        environment["Webhooks__Subscriptions__2__Url"] = "https://hooks.example/other";
        environment["Webhooks__Subscriptions__2__Secret"] = "whsec-c-0123456789";
        environment["Webhooks__Subscriptions__2__Events__0"] = "tier.upgraded";

        var output = await ExitOutputAsync(environment);

        Assert.Contains("Webhooks:Subscriptions:0:Url must be an absolute http or https URL", output, StringComparison.Ordinal);
        Assert.Contains("Webhooks:Subscriptions:1:Secret must be set", output, StringComparison.Ordinal);
        Assert.Contains("Webhooks:Subscriptions:2:Events has 'tier.upgraded'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec-", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_expiry_notice_lead_is_read_from_the_webhooks_section_and_checked()
    {
        var environment = Environment();
        environment["Webhooks__ExpiryNoticeDays"] = "-3";

        var output = await ExitOutputAsync(environment);

        Assert.Contains("Webhooks:ExpiryNoticeDays must be between 0 (no notice) and 36500 (it was -3)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_alert_rules_stop_the_server_naming_each_key_and_a_default_is_never_edited()
    {
        var environment = Environment();
        environment["Alerts__Rules__0__Name"] = "refund-rate-high";
        environment["Alerts__Rules__0__Metric"] = "refundRate";
        environment["Alerts__Rules__0__Condition"] = "above";
        environment["Alerts__Rules__0__Threshold"] = "0.5";
        environment["Alerts__Rules__1__Name"] = "slow";
        environment["Alerts__Rules__1__Metric"] = "revenue";
        environment["Alerts__Rules__1__Condition"] = "anomaly";
        environment["Alerts__Rules__1__Window"] = "60m";
        environment["Alerts__Rules__1__For"] = "soon";

        var output = await ExitOutputAsync(environment);

        Assert.Contains("Alerts:Rules:0:Name 'refund-rate-high' is taken by a default rule", output, StringComparison.Ordinal);
        Assert.Contains("Alerts:Rules:1:Metric must be one of", output, StringComparison.Ordinal);
        Assert.Contains("Alerts:Rules:1:Window must be 5m for an anomaly rule", output, StringComparison.Ordinal);
        Assert.Contains("Alerts:Rules:1:For must be a duration", output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment()
    {
        var environment = TestCredentials.Environment();
        environment["ConnectionStrings__LoyaltyGrid"] = _connectionString;
        return environment;
    }

    private static async Task<string> ExitOutputAsync(Dictionary<string, string> environment)
    {
        await using var server = ServerProcess.Start(environment);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        return server.Output;
    }
}
