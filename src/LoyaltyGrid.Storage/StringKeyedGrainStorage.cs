using Orleans.Storage;

namespace LoyaltyGrid.Storage;

/// <summary>
/// Keeps every grain key a string in storage. Orleans' ADO.NET provider reads a key made only of
/// hex digits as an integer (32 of them as a Guid) and stores the number with an empty
/// <c>grain_key</c>, so the distinct customers <c>a1b2c3</c>, <c>A1B2C3</c> and <c>00a1b2c3</c>
/// would share one row and read each other's points. Such keys are stored as <c>~</c> + key
/// instead; <c>~</c> is outside the id alphabet, so no real id can collide with it, and every
/// other key is stored exactly as before.
/// </summary>
public sealed class StringKeyedGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public const char NumericLookingKeyPrefix = '~';

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, StorageId(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, StorageId(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, StorageId(grainId), grainState);

    /// <summary>
    /// The grain key a <c>grain_key</c> value was stored for: the inverse of <see cref="StorageId"/>,
    /// for code that reads stored rows with SQL and must address their grains.
    /// </summary>
    public static string GrainKeyOf(string storedKey) =>
        storedKey.StartsWith(NumericLookingKeyPrefix) ? storedKey[1..] : storedKey;

    /// <summary>The id the provider stores under: the grain's own unless the provider would read it as a number.</summary>
    public static GrainId StorageId(GrainId grainId) =>
        grainId.TryGetIntegerKey(out _, out _) || grainId.TryGetGuidKey(out _, out _)
            ? GrainId.Create(grainId.Type, NumericLookingKeyPrefix + grainId.Key.ToString())
            : grainId;
}
