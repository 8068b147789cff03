namespace LoyaltyGrid.Domain;

internal static class Moments
{
    // Rules that hold "up to and including" an instant (a lifecycle age of exactly 90 days, a
    // complaint answered exactly at its deadline, a purchase exactly 365 days back) change only
    // at the next representable instant, which is one tick later.
    internal static DateTimeOffset JustAfter(this DateTimeOffset instant) => instant.AddTicks(1);

    internal static DateTimeOffset? Earliest(params ReadOnlySpan<DateTimeOffset?> candidates)
    {
        DateTimeOffset? earliest = null;
        foreach (var candidate in candidates)
        {
            if (candidate is { } value && (earliest is null || value < earliest))
            {
                earliest = value;
            }
        }

        return earliest;
    }
}
