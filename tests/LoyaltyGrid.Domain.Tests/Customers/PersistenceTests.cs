using System.Text.Json;
using LoyaltyGrid.Domain.Complaints;
using LoyaltyGrid.Domain.Customers;
using LoyaltyGrid.Domain.Tests.Support;

namespace LoyaltyGrid.Domain.Tests.Customers;

/// <summary>A grain stores <see cref="CustomerState"/> as JSON and rebuilds the account from it.</summary>
public class PersistenceTests
{
    public static TheoryData<string> SerializerStyles => ["default", "web"];

    [Theory]
    [MemberData(nameof(SerializerStyles))]
    public void A_rebuilt_account_is_indistinguishable_from_the_original(string style)
    {
        var options = style == "web" ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions();
        var rules = new LoyaltyRules();
        var original = BusyAccount(rules);

        var json = JsonSerializer.Serialize(original.State, options);
        var rebuilt = new CustomerAccount(JsonSerializer.Deserialize<CustomerState>(json, options)!, rules);

        Assert.Equal(json, JsonSerializer.Serialize(rebuilt.State, options));
        Assert.Equal(Describe(original.Snapshot(At.Day(50))), Describe(rebuilt.Snapshot(At.Day(50))));
        Assert.Equal(original.RecentMovements(100), rebuilt.RecentMovements(100));
        Assert.Equal(original.NextDueAt(At.Day(50)), rebuilt.NextDueAt(At.Day(50)));

        // The same next events give the same answers on both.
        Assert.Equal(Describe(original.Refund("r-9", "o-2", 10m, At.Day(51))), Describe(rebuilt.Refund("r-9", "o-2", 10m, At.Day(51))));
        Assert.Equal(Describe(original.Buy("o-9", 80m, At.Day(52))), Describe(rebuilt.Buy("o-9", 80m, At.Day(52))));
        Assert.Equal(Describe(original.AdvanceTo(At.Day(60))), Describe(rebuilt.AdvanceTo(At.Day(60))));
    }

    [Fact]
    public void Enums_are_stored_by_name()
    {
        var json = JsonSerializer.Serialize(BusyAccount(new LoyaltyRules()).State);

        Assert.Contains("\"Source\":\"Earn\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Category\":\"NotAsDescribed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"EarningTier\":\"Silver\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void State_missing_its_collections_is_read_as_empty()
    {
        var state = JsonSerializer.Deserialize<CustomerState>("""{"CustomerId":"c-1","Orders":null,"Lots":null}""")!;

        var account = new CustomerAccount(state, new LoyaltyRules());

        Assert.Equal(100, account.Buy("o-1", 100m, At.Day(0)).Balance);
    }

    private static CustomerAccount BusyAccount(LoyaltyRules rules)
    {
        var account = CustomerAccount.Open("c-1", rules);
        account.RecordReferral("ref-1", "friend", At.Day(-1));
        account.Purchase("o-1", 559.90m, "EUR", 604.69m, At.Day(0), [new OrderItem("sku", 1, 559.90m, "bags")]);
        account.Buy("o-2", 100m, At.Day(1));
        account.Refund("r-1", "o-2", 33.33m, At.Day(2));
        account.Review("rv-1", "o-1", 5, At.Day(3), "fine");
        account.AwardReferral("someone", At.Day(4));
        account.Redeem("x-1", 300, At.Day(5));
        account.OpenComplaint("cp-1", "o-1", ComplaintCategory.NotAsDescribed, At.Day(6), "torn");
        account.CheckComplaintDeadlines(At.Day(8));
        return account;
    }

    // Outcomes hold lists, which records compare by reference; JSON compares them by content.
    private static string Describe(object value) => JsonSerializer.Serialize(value);
}
