namespace LoyaltyGrid.Domain.Customers;

public sealed record ReviewRecord(
    string ReviewId,
    string OrderId,
    int Rating,
    DateTimeOffset OccurredAt,
    string? Text,
    long PointsAwarded);
