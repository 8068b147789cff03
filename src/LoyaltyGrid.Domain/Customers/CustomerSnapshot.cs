using LoyaltyGrid.Domain.Lifecycle;
using LoyaltyGrid.Domain.Points;
using LoyaltyGrid.Domain.Tiers;

namespace LoyaltyGrid.Domain.Customers;

/// <summary>The customer read of api.md, as of one instant of server time.</summary>
public sealed record CustomerSnapshot(
    string CustomerId,
    long Balance,
    Tier Tier,
    long LifetimePoints,
    int Orders,
    decimal NetSpend,
    DateTimeOffset? FirstPurchaseAt,
    DateTimeOffset? LastPurchaseAt,
    LifecycleStage Lifecycle,
    int OpenComplaints,
    IReadOnlyList<ExpiringPoints> Expiring,
    long ReversalShortfall);
