using System.Text.Json;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;

namespace LoyaltyGrid.Cluster.Tests;

/// <summary>Notices journaled with a customer's event read back as the same typed notices, also when read for the notices alone.</summary>
public sealed class CustomerNoticeJsonTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-03-04T05:06:07Z");

    [Fact]
    public void Every_kind_of_notice_round_trips_with_its_webhook_type()
    {
        Notice[] notices =
        [
            new TierChangedNotice("c-1", At, "Member", "Silver"),
            new PointsExpiringNotice("c-1", At, 40, At.AddDays(14)),
            new RewardClaimedNotice("c-1", At, "claim-1", "mug"),
        ];
        var payload = (Event() with { Notices = notices }).ToJson();

        Assert.Equal(notices, CustomerEvent.Parse(payload).Notices);
        Assert.Equal(notices, JournaledEvent.NoticesOf(payload));
        Assert.Contains("\"type\":\"tier.changed\"", payload, StringComparison.Ordinal);
        // What the type computes is not stored.
        Assert.DoesNotContain("webhookType", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("aboutCustomer", payload, StringComparison.Ordinal);
        Assert.Equal([NoticeTypes.TierChanged, NoticeTypes.PointsExpiring, NoticeTypes.RewardClaimed], notices.Select(notice => notice.WebhookType));
    }

    [Fact]
    public void An_event_without_notices_stores_none_and_reads_none()
    {
        var payload = Event().ToJson();

        Assert.Empty(JournaledEvent.NoticesOf(payload));
        Assert.DoesNotContain("notices", payload, StringComparison.Ordinal);
    }

    private static CustomerEvent Event() => new()
    {
        Fingerprint = "f",
        Command = JsonSerializer.SerializeToElement(new { orderId = "o-1" }),
        Receipt = JsonSerializer.SerializeToElement(new { balance = 1 }),
    };
}
