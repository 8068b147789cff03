using Orleans;
using Orleans.Runtime;

namespace LoyaltyGrid.Storage.Tests;

/// <summary>The state the tests store.</summary>
public sealed class Note
{
    public string Text { get; set; } = "";

    public int Count { get; set; }
}

internal static class Notes
{
    public static GrainId Grain(string key) => GrainId.Create("note", key);

    public static GrainState<Note> State(string text, string? etag = null, bool recordExists = false) =>
        new(new Note { Text = text, Count = text.Length }) { ETag = etag, RecordExists = recordExists };
}
