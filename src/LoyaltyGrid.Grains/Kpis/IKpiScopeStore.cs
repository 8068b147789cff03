namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// Where KPI scope grains keep their aggregates, together with the marks of which
/// contributions each has applied. Saving both in one transaction is what makes a re-sent
/// contribution count once.
/// </summary>
public interface IKpiScopeStore
{
    Task<StoredKpiScope?> LoadAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>The highest contribution number applied per source; sources never seen are absent.</summary>
    Task<IReadOnlyDictionary<string, long>> ReadMarksAsync(string scope, IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the aggregate and raises the marks, atomically. Returns the new version, or null
    /// when <paramref name="expectedVersion"/> is no longer current (nothing was written).
    /// </summary>
    Task<long?> SaveAsync(string scope, long? expectedVersion, string payloadJson, IReadOnlyDictionary<string, long> marks, CancellationToken cancellationToken = default);
}

public sealed record StoredKpiScope(long Version, string PayloadJson);
