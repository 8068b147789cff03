using Orleans.Runtime;

namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>
/// Where one grain's state lives in <c>grain_state</c> (besides the service id), computed exactly as
/// Orleans' ADO.NET provider computes it so that either provider finds the other's rows: string keys
/// go to <c>grain_key</c> with both halves zero; integer keys to <c>key_n1</c>; Guid keys to both
/// halves (the Guid's bytes as two little-endian longs); a key extension, if any, to <c>grain_key</c>.
/// </summary>
internal readonly record struct GrainStateRow(string StateName, long KeyN0, long KeyN1, string GrainKey)
{
    public static GrainStateRow Of(string stateName, GrainId grainId)
    {
        // The ADO.NET provider strips generic arguments from the state name; LoyaltyGrid's state
        // names are plain words, and a name that would be rewritten must not silently land elsewhere.
        if (stateName.Contains('`', StringComparison.Ordinal))
        {
            throw new NotSupportedException($"State name '{stateName}' names a generic type; the group-commit provider stores plain state names only.");
        }

        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes);
            return new(stateName, BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]), guidExtension ?? "");
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return new(stateName, 0, integer, integerExtension ?? "");
        }

        return new(stateName, 0, 0, grainId.Key.ToString() ?? "");
    }
}
