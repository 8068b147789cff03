namespace LoyaltyGrid.Domain.Prediction;

/// <summary>
/// One customer's inputs to the BG/NBD model, in weeks: <see cref="Frequency"/> (x) repeat
/// purchases after the first, the last of them <see cref="Recency"/> (t_x) weeks after the first
/// purchase, observed for <see cref="Age"/> (T) weeks since the first purchase.
/// </summary>
public readonly record struct RepeatSummary(int Frequency, double Recency, double Age)
{
    public const double DaysPerWeek = 7;

    public static RepeatSummary Create(int frequency, double recency, double age)
    {
        if (frequency < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Repeat purchases cannot be negative.");
        }

        if (!(recency >= 0) || !(age >= recency) || double.IsInfinity(age))
        {
            throw new ArgumentOutOfRangeException(nameof(recency), $"Need 0 ≤ t_x ≤ T < ∞, got t_x={recency}, T={age}.");
        }

        if (frequency == 0 && recency != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(recency), recency, "Without repeat purchases t_x is 0.");
        }

        return new RepeatSummary(frequency, recency, age);
    }

    /// <summary>
    /// The summary of a customer from the instants of their purchases, observed until
    /// <paramref name="asOf"/> (exclusive). Purchases are counted per distinct UTC day, as the
    /// model's literature does: several orders on one day are one purchase occasion. Null when
    /// the customer had no purchase before <paramref name="asOf"/>.
    /// </summary>
    public static RepeatSummary? FromPurchases(IEnumerable<DateTimeOffset> purchases, DateTimeOffset asOf)
    {
        var days = purchases
            .Where(purchase => purchase < asOf)
            .Select(purchase => DateOnly.FromDateTime(purchase.UtcDateTime))
            .Distinct()
            .Order()
            .ToList();
        return days.Count == 0 ? null : FromDays(new PurchaseDays(days.Count, days[0], days[^1]), asOf);
    }

    /// <summary>As <see cref="FromPurchases"/>, from the distinct purchase days already counted.</summary>
    public static RepeatSummary? FromDays(PurchaseDays? days, DateTimeOffset asOf)
    {
        if (days is not { } known)
        {
            return null;
        }

        var firstInstant = new DateTimeOffset(known.First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var recencyDays = known.Last.DayNumber - known.First.DayNumber;
        var ageDays = (asOf - firstInstant).TotalDays;
        return Create(known.Count - 1, recencyDays / DaysPerWeek, ageDays / DaysPerWeek);
    }
}

/// <summary>A customer's distinct UTC days with a purchase before some instant: how many, the first and the last.</summary>
public readonly record struct PurchaseDays(int Count, DateOnly First, DateOnly Last);
