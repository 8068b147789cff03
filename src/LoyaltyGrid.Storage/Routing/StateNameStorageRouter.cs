using Orleans.Runtime;
using Orleans.Storage;

namespace LoyaltyGrid.Storage.Routing;

/// <summary>
/// The storage grains name in <c>[PersistentState]</c>: it hands each call to the provider
/// configured for the state name, so a state moves between providers by configuration alone.
/// </summary>
internal sealed class StateNameStorageRouter(StorageOptions routing, IGrainStorage groupCommit, IGrainStorage adoNet) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        For(stateName).ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        For(stateName).WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        For(stateName).ClearStateAsync(stateName, grainId, grainState);

    private IGrainStorage For(string stateName) => routing.For(stateName) switch
    {
        GrainStorageKind.AdoNet => adoNet,
        _ => groupCommit,
    };
}
