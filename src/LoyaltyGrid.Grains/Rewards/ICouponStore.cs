namespace LoyaltyGrid.Grains.Rewards;

public enum CouponRedemptionStatus
{
    Redeemed,

    /// <summary>The same storefront's same order redeemed it before: the original answer.</summary>
    Duplicate,

    /// <summary>Another order redeemed it (409 already-redeemed).</summary>
    AlreadyRedeemed,

    /// <summary>Its expiry passed before it was redeemed (409 expired).</summary>
    Expired,

    /// <summary>No such code, or its customer was erased (404).</summary>
    Unknown,
}

[GenerateSerializer, Immutable]
public sealed record CouponRedemption(
    CouponRedemptionStatus Status, string CouponCode, decimal Value, string Currency, string? OrderId, DateTimeOffset? RedeemedAt, DateTimeOffset? ExpiresAt,
    string? CustomerId = null, string? ClaimId = null);

/// <summary>Coupons after they were issued: redeemed at checkout, erased with their customer.</summary>
public interface ICouponStore
{
    /// <summary>
    /// Redeems <paramref name="code"/> for (storefront, order) at <paramref name="now"/>: exactly one
    /// order wins a code, however many redeem it at once; the winner's retry is a duplicate.
    /// </summary>
    Task<CouponRedemption> RedeemAsync(string code, string storefront, string orderId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes every coupon of the customer; returns how many.</summary>
    Task<int> EraseAsync(string customerId, CancellationToken cancellationToken = default);
}
