using LoyaltyGrid.Domain.Points;

namespace LoyaltyGrid.Domain.Customers;

public enum RefundStatus
{
    Accepted,
    /// <summary>No order with this id (404).</summary>
    UnknownOrder,
    /// <summary>More than is left to refund of the order (409).</summary>
    ExceedsRefundable,
    /// <summary>The account already has a refund with this id: a conflicting duplicate (409).</summary>
    DuplicateRefund,
    /// <summary>
    /// The amount has more decimals than the order's currency has, e.g. 99.5 of a JPY order: bad
    /// input (400 naming <c>amount</c>), which only the account can see because a refund does not
    /// repeat the order's currency.
    /// </summary>
    TooPrecise,
}

/// <summary>
/// <paramref name="ReportingAmount"/> is the refund in the reporting currency (for netSpend and
/// refundedAmount). <paramref name="PointsReversed"/> were taken from the balance;
/// <paramref name="Shortfall"/> were owed but not there. <paramref name="RemainingRefundable"/>
/// is what is left to refund of the order, in its currency, after this call.
/// </summary>
public sealed record RefundOutcome(
    RefundStatus Status,
    string RefundId,
    string OrderId,
    decimal ReportingAmount,
    long PointsReversed,
    long Shortfall,
    long Balance,
    decimal RemainingRefundable,
    IReadOnlyList<PointMovement> Movements);
