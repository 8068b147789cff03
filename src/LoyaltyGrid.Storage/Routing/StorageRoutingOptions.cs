namespace LoyaltyGrid.Storage.Routing;

/// <summary>
/// The <c>Storage</c> configuration section's choice of provider per state name:
/// <c>Storage:DefaultProvider</c> for every state and <c>Storage:Providers:&lt;state name&gt;</c>
/// to override one (e.g. <c>Storage:Providers:customer = AdoNet</c>).
/// </summary>
public sealed class StorageRoutingOptions
{
    public const string SectionName = "Storage";

    public GrainStorageKind DefaultProvider { get; set; } = GrainStorageKind.GroupCommit;

    public Dictionary<string, GrainStorageKind> Providers { get; set; } = new(StringComparer.Ordinal);

    public GrainStorageKind For(string stateName) =>
        Providers.TryGetValue(stateName, out var kind) ? kind : DefaultProvider;
}

/// <summary>The grain storage providers a state can be kept by; both use the same rows.</summary>
public enum GrainStorageKind
{
    /// <summary>Many grains' writes per PostgreSQL transaction (<see cref="GroupCommit.GroupCommitGrainStorage"/>).</summary>
    GroupCommit,

    /// <summary>Orleans' ADO.NET provider: one transaction per write.</summary>
    AdoNet,
}
