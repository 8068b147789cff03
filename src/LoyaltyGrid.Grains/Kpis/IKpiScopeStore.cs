namespace LoyaltyGrid.Grains.Kpis;

/// <summary>
/// The KPI projection's output as scope grains read it: one aggregate per scope of the live
/// generation, with a version that moves on whenever the projection stores a page touching it.
/// </summary>
public interface IKpiScopeStore
{
    Task<StoredKpiScope?> LoadAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>The stored version (0 when the scope has no totals yet); a cheap check before a load.</summary>
    Task<long> VersionAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>Every scope that has totals, ordered by key.</summary>
    Task<IReadOnlyList<string>> ScopesAsync(CancellationToken cancellationToken = default);
}

public sealed record StoredKpiScope(long Version, string PayloadJson);
