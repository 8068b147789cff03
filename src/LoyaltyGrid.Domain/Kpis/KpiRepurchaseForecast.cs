namespace LoyaltyGrid.Domain.Kpis;

/// <summary>
/// The repurchase model's figures on the grid snapshot, as of the latest fit (docs/prediction.md):
/// purchases expected from all customers in the next 30 and 90 days after <see cref="AsOf"/>, and
/// the customers with P(alive) &lt; 0.5, over the <see cref="Customers"/> the fit saw.
/// </summary>
public sealed record KpiRepurchaseForecast(
    double ExpectedPurchases30d,
    double ExpectedPurchases90d,
    long CustomersLikelyLost,
    int Customers,
    DateTimeOffset AsOf);
