namespace LoyaltyGrid.Reliability.Tests.Grid;

/// <summary>The credentials every server of a reliability grid is configured with, as an operator would.</summary>
public static class GridKeys
{
    public const string Storefront = "shop-reliable";
    public const string StorefrontKey = "sf-rel-3c9e1a7b5d2f4e6a8b0c1d2e";
    public const string OpsKey = "ops-rel-8f7e6d5c4b3a29180716f5e4";

    public static Dictionary<string, string> Environment(string connectionString) => new()
    {
        ["ConnectionStrings__LoyaltyGrid"] = connectionString,
        ["Auth__ApiKeys__0__Key"] = StorefrontKey,
        ["Auth__ApiKeys__0__Role"] = "storefront",
        ["Auth__ApiKeys__0__Storefront"] = Storefront,
        ["Auth__ApiKeys__1__Key"] = OpsKey,
        ["Auth__ApiKeys__1__Role"] = "ops",
        ["Auth__TokenSigningKey"] = "reliability-signing-key-7a6b5c4d3e2f1a0b",
        // A grain call to a silo that just died fails after this, so no request waits the 30 s default.
        ["Orleans__ResponseTimeout"] = "00:00:10",
    };
}
