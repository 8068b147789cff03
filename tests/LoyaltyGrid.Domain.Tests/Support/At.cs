namespace LoyaltyGrid.Domain.Tests.Support;

/// <summary>Test time: every scenario starts at <see cref="T0"/> and counts from there.</summary>
internal static class At
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Day(double days) => T0.AddDays(days);

    public static DateTimeOffset Hour(double hours) => T0.AddHours(hours);
}
