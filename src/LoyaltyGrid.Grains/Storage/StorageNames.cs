namespace LoyaltyGrid.Grains.Storage;

/// <summary>Names of the Orleans storage providers grains persist through.</summary>
public static class StorageNames
{
    /// <summary>The PostgreSQL grain storage every LoyaltyGrid grain uses.</summary>
    public const string Loyalty = "loyalty";
}
