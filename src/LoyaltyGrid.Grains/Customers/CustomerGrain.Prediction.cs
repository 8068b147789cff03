namespace LoyaltyGrid.Grains.Customers;

// The repurchase model's inputs are the purchase instants the KPI side already keeps per order
// (state.Purchases): a refund reverses money and points, not the fact that the customer came
// back to buy, so refunded orders stay purchase occasions.
public sealed partial class CustomerGrain
{
    public Task<IReadOnlyList<DateTimeOffset>> PurchaseTimes()
    {
        IReadOnlyList<DateTimeOffset> times = state.State.Account is null or { Erased: true }
            ? []
            : state.State.Purchases.Values.Select(purchase => purchase.OccurredAt).ToList();
        return Task.FromResult(times);
    }
}
