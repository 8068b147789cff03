namespace LoyaltyGrid.Grains.Rewards;

/// <summary>A reward as ops set it. <paramref name="Stock"/> is the number of units still available; null is unlimited.</summary>
[GenerateSerializer, Immutable]
public sealed record RewardTerms(string Name, long PointsCost, decimal Value, string Currency, int ValidDays, long? Stock, bool Active);

/// <summary>A reward of the catalogue with its stock still available (<paramref name="Remaining"/> null: unlimited).</summary>
[GenerateSerializer, Immutable]
public sealed record RewardView(
    string RewardId, string Name, long PointsCost, decimal Value, string Currency, int ValidDays, long? Remaining, bool Active);

/// <summary>
/// One claim asking the reward for a unit of stock, with the coupon to issue if it gets one.
/// <paramref name="ClaimId"/> is the customer's qualified claim id; with the customer it names the claim.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StockRequest(
    string CustomerId, string ClaimId, string CouponCode, decimal Value, string Currency, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>The reward's one decision about a claim: asked again, it answers the same.</summary>
[GenerateSerializer, Immutable]
public sealed record StockDecision(bool Taken);
