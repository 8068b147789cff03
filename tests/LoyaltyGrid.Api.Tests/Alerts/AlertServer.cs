using LoyaltyGrid.Api.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Api.Tests.Alerts;

/// <summary>
/// A server with two alert rules as an operator configures them, with a hold of two seconds so a
/// test need not wait minutes, and a webhook receiver for the alert notices. The shipped defaults
/// are off: they watch the grid, which other tests of the class fill.
/// </summary>
public sealed class AlertServer : ApiServer
{
    public const string Secret = "whsec-alerts-3c2b1a0f9e8d7c6b";

    /// <summary>store-a's complaint rate over the last 5 minutes above 0.3, on 10 orders or more.</summary>
    public const string SpikeRule = "complaints-store-a";

    /// <summary>store-b's the same, but only on 1,000 orders or more: a test never sends that many.</summary>
    public const string QuietRule = "complaints-store-b";

    public WebhookReceiver Receiver { get; } = new(Secret);

    protected override string Purpose => "alerts";

    protected override void Configure(ServerProcessBuilder server) => server
        .With("Alerts__Defaults", "false")
        .With("Alerts__EvaluateInterval", "00:00:00.250")
        .With(Rule(0, SpikeRule, TestCredentials.StoreA, minVolume: 10))
        .With(Rule(1, QuietRule, TestCredentials.StoreB, minVolume: 1000))
        .With("Webhooks__Subscriptions__0__Url", Receiver.Url)
        .With("Webhooks__Subscriptions__0__Secret", Secret)
        .With("Webhooks__Subscriptions__0__Events__0", "alert.firing")
        .With("Webhooks__Subscriptions__0__Events__1", "alert.resolved")
        .With("Webhooks__PollInterval", "00:00:00.200");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    private static Dictionary<string, string> Rule(int index, string name, string storefront, int minVolume)
    {
        var prefix = $"Alerts__Rules__{index}__";
        return new()
        {
            [prefix + "Name"] = name,
            [prefix + "Metric"] = "complaintRate",
            [prefix + "Storefront"] = storefront,
            [prefix + "Window"] = "5m",
            [prefix + "Condition"] = "above",
            [prefix + "Threshold"] = "0.3",
            [prefix + "MinVolume"] = minVolume.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [prefix + "For"] = "00:00:02",
        };
    }
}
