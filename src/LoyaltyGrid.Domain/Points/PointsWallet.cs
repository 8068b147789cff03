namespace LoyaltyGrid.Domain.Points;

/// <summary>
/// The balance as lots, kept oldest first (by the time they were earned), and the movement
/// latest <paramref name="historyKept"/> movements. The balance is the sum of the lots, so it
/// can never go negative: a debit takes at most what the lots hold and reports what it could not take.
/// </summary>
internal sealed class PointsWallet(List<PointsLot> lots, List<PointMovement> history, int historyKept)
{
    public long Balance => lots.Sum(lot => lot.Remaining);

    public long SpendableAt(DateTimeOffset now) =>
        lots.Where(lot => !lot.IsExpiredAt(now)).Sum(lot => lot.Remaining);

    public DateTimeOffset? NextExpiry() =>
        lots.Select(lot => lot.ExpiresAt).Where(at => at is not null).Min();

    /// <summary>The earliest moment a lot not yet noticed is due its expiry notice, <paramref name="lead"/> before it expires.</summary>
    public DateTimeOffset? NextExpiryNotice(TimeSpan lead) =>
        lots.Where(lot => !lot.ExpiryNoticed && lot.ExpiresAt is not null).Select(lot => lot.ExpiresAt - lead).Min();

    /// <summary>
    /// The lots whose notice moment has come by <paramref name="now"/>, still unspent and not yet
    /// expired, each marked noticed so it is told once. Oldest expiry first.
    /// </summary>
    public IReadOnlyList<PointsLot> TakeDueExpiryNotices(DateTimeOffset now, TimeSpan lead)
    {
        var due = lots.Where(lot => !lot.ExpiryNoticed && lot.ExpiresAt is { } expiresAt && expiresAt > now && expiresAt - lead <= now)
            .OrderBy(lot => lot.ExpiresAt)
            .ToList();
        foreach (var lot in due)
        {
            lot.ExpiryNoticed = true;
        }

        return due;
    }

    public PointMovement Credit(
        PointMovementKind source, string referenceId, long points, DateTimeOffset earnedAt, DateTimeOffset? expiresAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        var lot = new PointsLot
        {
            Source = source,
            ReferenceId = referenceId,
            EarnedAt = earnedAt,
            ExpiresAt = expiresAt,
            Points = points,
            Remaining = points,
        };

        // Events arrive out of order, so insert by earning time; equal times keep arrival order.
        var index = lots.FindIndex(existing => existing.EarnedAt > earnedAt);
        lots.Insert(index < 0 ? lots.Count : index, lot);
        return Record(source, points, earnedAt, referenceId);
    }

    /// <summary>
    /// Takes up to <paramref name="points"/>, from the lot <paramref name="takeFirst"/> selects
    /// (if any) and then oldest first. Returns the movement, or null when nothing was taken; the
    /// movement's points tell how much was actually taken.
    /// </summary>
    public PointMovement? Debit(
        PointMovementKind kind,
        string referenceId,
        long points,
        DateTimeOffset occurredAt,
        Func<PointsLot, bool>? takeFirst = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        IEnumerable<PointsLot> preferred = takeFirst is null ? [] : lots.Where(takeFirst);
        var left = points;
        foreach (var lot in preferred.Concat(lots).ToList())
        {
            if (left == 0)
            {
                break;
            }

            var taken = Math.Min(left, lot.Remaining);
            lot.Remaining -= taken;
            left -= taken;
        }

        lots.RemoveAll(lot => lot.Remaining == 0);
        var takenInAll = points - left;
        return takenInAll == 0 ? null : Record(kind, -takenInAll, occurredAt, referenceId);
    }

    /// <summary>
    /// Takes <paramref name="points"/> oldest first, like a redemption, and says which lots gave
    /// how much, so <see cref="Restore"/> can put them back. The caller has checked the balance.
    /// </summary>
    public (PointMovement Movement, IReadOnlyList<HeldPoints> Held) Hold(string referenceId, long points, DateTimeOffset occurredAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(points, Balance);
        var held = new List<HeldPoints>();
        var left = points;
        foreach (var lot in lots)
        {
            if (left == 0)
            {
                break;
            }

            var taken = Math.Min(left, lot.Remaining);
            if (taken > 0)
            {
                held.Add(new HeldPoints(lot.Source, lot.ReferenceId, lot.EarnedAt, lot.ExpiresAt, taken));
                lot.Remaining -= taken;
                left -= taken;
            }
        }

        lots.RemoveAll(lot => lot.Remaining == 0);
        return (Record(PointMovementKind.Redeem, -points, occurredAt, referenceId), held);
    }

    /// <summary>
    /// Puts held points back into lots with their original earning and expiry times; points whose
    /// expiry passed meanwhile expire with the next expiry, as they would have without the claim.
    /// </summary>
    public PointMovement Restore(string referenceId, IReadOnlyList<HeldPoints> held, DateTimeOffset occurredAt)
    {
        ArgumentOutOfRangeException.ThrowIfZero(held.Count);
        foreach (var part in held)
        {
            var lot = new PointsLot
            {
                Source = part.Source,
                ReferenceId = part.ReferenceId,
                EarnedAt = part.EarnedAt,
                ExpiresAt = part.ExpiresAt,
                Points = part.Points,
                Remaining = part.Points,
            };
            var index = lots.FindIndex(existing => existing.EarnedAt > part.EarnedAt);
            lots.Insert(index < 0 ? lots.Count : index, lot);
        }

        return Record(PointMovementKind.Return, held.Sum(part => part.Points), occurredAt, referenceId);
    }

    /// <summary>Removes every lot expired at <paramref name="now"/>, one movement per lot.</summary>
    public IReadOnlyList<PointMovement> ExpireAsOf(DateTimeOffset now)
    {
        var expired = lots.Where(lot => lot.IsExpiredAt(now)).OrderBy(lot => lot.ExpiresAt).ToList();
        var movements = new List<PointMovement>(expired.Count);
        foreach (var lot in expired)
        {
            lots.Remove(lot);
            movements.Add(Record(PointMovementKind.Expire, -lot.Remaining, lot.ExpiresAt!.Value, lot.ReferenceId));
        }

        return movements;
    }

    public IReadOnlyList<ExpiringPoints> ExpiringAfter(DateTimeOffset now) =>
        lots
            .Where(lot => lot.ExpiresAt > now)
            .GroupBy(lot => lot.ExpiresAt!.Value.UtcDateTime.Date)
            .Select(day => new ExpiringPoints(day.Sum(lot => lot.Remaining), day.Min(lot => lot.ExpiresAt!.Value)))
            .OrderBy(day => day.ExpiresAt)
            .ToList();

    public IReadOnlyList<PointMovement> MostRecent(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return history.TakeLast(limit).Reverse().ToList();
    }

    private PointMovement Record(PointMovementKind kind, long points, DateTimeOffset occurredAt, string referenceId)
    {
        var movement = new PointMovement(kind, points, Balance, occurredAt, referenceId);
        history.Add(movement);
        // The account's state must not grow with its history: older movements are in the journal's events.
        if (history.Count > historyKept)
        {
            history.RemoveRange(0, history.Count - historyKept);
        }

        return movement;
    }
}
