using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Reliability.Tests.Driving;

public enum OperationKind
{
    Purchase,
    Refund,
    Redemption,
}

/// <summary>One storefront request with its own id: sending it again, anywhere, is the same event.</summary>
public sealed record LoyaltyOperation(
    OperationKind Kind,
    string Id,
    string CustomerId,
    decimal Amount,
    string? OrderId,
    long Points,
    DateTimeOffset OccurredAt)
{
    public string Path => Kind switch
    {
        OperationKind.Purchase => "/api/v1/purchases",
        OperationKind.Refund => "/api/v1/refunds",
        _ => $"/api/v1/customers/{CustomerId}/redemptions",
    };

    public object Body => Kind switch
    {
        OperationKind.Purchase => EventBodies.Purchase(Id, CustomerId, Amount, OccurredAt),
        OperationKind.Refund => EventBodies.Refund(Id, OrderId!, CustomerId, Amount, OccurredAt),
        _ => (object)new { redemptionId = Id, points = Points },
    };

    public static LoyaltyOperation Purchase(string customerId, string orderId, decimal amount, DateTimeOffset occurredAt) =>
        new(OperationKind.Purchase, orderId, customerId, amount, null, 0, occurredAt);

    public static LoyaltyOperation Refund(string customerId, string refundId, string orderId, decimal amount, DateTimeOffset occurredAt) =>
        new(OperationKind.Refund, refundId, customerId, amount, orderId, 0, occurredAt);

    public static LoyaltyOperation Redemption(string customerId, string redemptionId, long points, DateTimeOffset occurredAt) =>
        new(OperationKind.Redemption, redemptionId, customerId, 0m, null, points, occurredAt);
}
