namespace LoyaltyGrid.Testing;

/// <summary>Fresh ids, so tests sharing one server never see each other's customers or events.</summary>
public static class TestIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
