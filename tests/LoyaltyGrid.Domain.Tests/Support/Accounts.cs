using LoyaltyGrid.Domain.Customers;

namespace LoyaltyGrid.Domain.Tests.Support;

internal static class Accounts
{
    public static LoyaltyRules Rules(Action<LoyaltyRules>? adjust = null)
    {
        var rules = new LoyaltyRules();
        adjust?.Invoke(rules);
        return rules;
    }

    public static CustomerAccount New(string customerId = "c-1", LoyaltyRules? rules = null) =>
        CustomerAccount.Open(customerId, rules ?? Rules());

    /// <summary>A purchase in the reporting currency, where amount and reporting amount agree.</summary>
    public static PurchaseOutcome Buy(this CustomerAccount account, string orderId, decimal amount, DateTimeOffset at) =>
        account.Purchase(orderId, amount, "USD", amount, at);
}
