using LoyaltyGrid.Storage.GroupCommit;

namespace LoyaltyGrid.Storage;

/// <summary>
/// The <c>Storage</c> configuration section: which provider keeps each grain state
/// (<c>Storage:DefaultProvider</c>, and <c>Storage:Providers:&lt;state name&gt;</c> to override one,
/// e.g. <c>Storage:Providers:customer = AdoNet</c>) and how the group-commit provider batches.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public GrainStorageKind DefaultProvider { get; set; } = GrainStorageKind.GroupCommit;

    public Dictionary<string, GrainStorageKind> Providers { get; set; } = new(StringComparer.Ordinal);

    public GroupCommitOptions GroupCommit { get; set; } = new();

    public GrainStorageKind For(string stateName) =>
        Providers.TryGetValue(stateName, out var kind) ? kind : DefaultProvider;
}

/// <summary>The grain storage providers a state can be kept by; both use the same rows.</summary>
public enum GrainStorageKind
{
    /// <summary>Many grains' writes per PostgreSQL transaction (<see cref="GroupCommitGrainStorage"/>).</summary>
    GroupCommit,

    /// <summary>Orleans' ADO.NET provider: one transaction per write.</summary>
    AdoNet,
}
