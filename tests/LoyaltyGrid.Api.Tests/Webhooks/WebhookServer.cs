using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Webhooks;

/// <summary>
/// A server with two webhook subscriptions, as an operator configures them: a receiver on
/// loopback that checks signatures (failing its first <see cref="FailFirst"/> answers), and one
/// that accepts connections and never answers. Backoff and timeouts are short, so retries
/// happen within a test.
/// </summary>
public class WebhookServer : ApiServer
{
    public const string Secret = "whsec-test-6f1e2d3c4b5a69788796a5b4";
    public const string SilentSecret = "whsec-silent-0a9b8c7d6e5f";

    public WebhookServer()
    {
        Receiver = new WebhookReceiver(Secret, FailFirst);
    }

    protected virtual int FailFirst => 0;

    protected override string Purpose => "webhooks";

    public WebhookReceiver Receiver { get; }

    public SilentReceiver Silent { get; } = new();

    protected override void Configure(ServerProcessBuilder server) => server
        .With("Webhooks__Subscriptions__0__Url", Receiver.Url)
        .With("Webhooks__Subscriptions__0__Secret", Secret)
        .With("Webhooks__Subscriptions__1__Url", Silent.Url)
        .With("Webhooks__Subscriptions__1__Secret", SilentSecret)
        .With("Webhooks__AttemptTimeout", "00:00:02")
        .With("Webhooks__Lease", "00:00:05")
        .With("Webhooks__FirstRetryDelay", "00:00:00.200")
        .With("Webhooks__MaxRetryDelay", "00:00:01")
        .With("Webhooks__PollInterval", "00:00:00.200");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
        Silent.Dispose();
    }
}

/// <summary>As <see cref="WebhookServer"/>, with a receiver that fails its first five answers.</summary>
public sealed class FlakyWebhookServer : WebhookServer
{
    protected override int FailFirst => 5;
}
