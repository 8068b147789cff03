using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace LoyaltyGrid.Storage;

/// <summary>
/// Writes grain state as UTF-8 JSON, which the database keeps as jsonb so that people and
/// reports can read it with SQL.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // State is read back by this same code; a field the class no longer has is history, not an error.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options);
}
