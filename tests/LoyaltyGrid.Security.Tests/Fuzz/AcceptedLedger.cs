using System.Text.Json;

namespace LoyaltyGrid.Security.Tests.Fuzz;

/// <summary>
/// What the fuzzer's acknowledged (2xx) requests imply, read from the bodies as sent: the events
/// the grid must hold, the customers and sessions it may hold, the anonymous survey answers, the
/// rewards, coupons and campaigns it must hold, and the KPI totals. Everything a refused request
/// named is absent from it, so anything stored beyond it was left by a refusal.
/// </summary>
public sealed class AcceptedLedger
{
    private readonly Lock _lock = new();

    public HashSet<string> Events { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Customers { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Sessions { get; } = new(StringComparer.Ordinal);

    public HashSet<string> VisitedSessions { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Buyers { get; } = new(StringComparer.Ordinal);

    /// <summary>Response ids of answers without a customer, each journaled on a stream of its own.</summary>
    public HashSet<string> AnonymousSurveys { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Rewards { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Campaigns { get; } = new(StringComparer.Ordinal);

    /// <summary>Each coupon code an acknowledged claim issued, with the claim's id.</summary>
    public Dictionary<string, string> Coupons { get; } = new(StringComparer.Ordinal);

    public long Orders { get; private set; }

    public long Reviews { get; private set; }

    public int Accepted { get; private set; }

    /// <summary>Records one acknowledged event of <paramref name="kind"/> (a batch event's <c>type</c>, or the endpoint).</summary>
    public void Record(string kind, JsonElement sent, JsonElement? answered, string? routeId = null)
    {
        var duplicate = answered is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("duplicate", out var flag) && flag.ValueKind == JsonValueKind.True;
        lock (_lock)
        {
            Accepted++;
            foreach (var field in new[] { "customerId", "referrerId", "refereeId" })
            {
                if (Text(sent, field) is { } customer)
                {
                    Customers.Add(customer);
                }
            }

            if (routeId is not null && kind is "token" or "erasure" or "redemption" or "read" or "history" or "history csv" or "claim")
            {
                Customers.Add(routeId);
            }

            switch (kind)
            {
                case "purchase":
                    Events.Add($"purchase/{Text(sent, "orderId")}");
                    if (Text(sent, "sessionId") is { } session)
                    {
                        Sessions.Add(session);
                    }

                    if (!duplicate)
                    {
                        Orders++;
                        Buyers.Add(Text(sent, "customerId")!);
                    }

                    break;
                case "visit":
                    Sessions.Add(Text(sent, "sessionId")!);
                    VisitedSessions.Add(Text(sent, "sessionId")!);
                    break;
                case "refund":
                    Events.Add($"refund/{Text(sent, "refundId")}");
                    break;
                case "complaint":
                    Events.Add($"complaint/{Text(sent, "complaintId")}");
                    break;
                case "complaint response":
                    Events.Add($"complaint-response/{routeId}");
                    break;
                case "complaint resolution":
                    Events.Add($"complaint-resolution/{routeId}");
                    break;
                case "review":
                    Events.Add($"review/{Text(sent, "reviewId")}");
                    Reviews += duplicate ? 0 : 1;
                    break;
                case "referral":
                    Events.Add($"referral/{Text(sent, "referralId")}");
                    break;
                case "redemption":
                    Events.Add($"redemption/{Text(sent, "redemptionId")}");
                    break;
                case "survey" when Text(sent, "customerId") is null:
                    AnonymousSurveys.Add(Text(sent, "responseId")!);
                    break;
                case "survey":
                    Events.Add($"survey/{Text(sent, "responseId")}");
                    break;
                case "reward put":
                    Rewards.Add(routeId!);
                    break;
                case "campaign put":
                    Campaigns.Add(routeId!);
                    break;
                case "claim":
                    // An acknowledged claim is an issued one: its points were held, then kept.
                    var claimId = Text(sent, "claimId")!;
                    Events.Add($"claim-started/{claimId}");
                    Events.Add($"claim-completed/{claimId}");
                    if (answered is { ValueKind: JsonValueKind.Object } claim && Text(claim, "couponCode") is { } code)
                    {
                        Coupons[code] = claimId;
                    }

                    break;
                case "coupon redemption" when routeId is not null && Coupons.TryGetValue(routeId, out var redeemed):
                    Events.Add($"coupon-redeemed/{redeemed}");
                    break;
            }
        }
    }

    private static string? Text(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
