namespace LoyaltyGrid.Domain.Customers;

public sealed record OrderItem(string Sku, int Quantity, decimal UnitPrice, string? Category);
