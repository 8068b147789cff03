using LoyaltyGrid.Testing;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace LoyaltyGrid.Storage.Tests;

/// <summary>
/// Both providers keep a state in the same row with the same payload and versions, so a state
/// moves between them by configuration alone, with no migration.
/// </summary>
public sealed class ProviderInterchangeTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    public static TheoryData<string> Keys => ["string", "integer", "integer+extension", "guid", "guid+extension"];

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Each_provider_reads_and_writes_on_from_where_the_other_left_off(string keyKind)
    {
        var grain = GrainOf(keyKind);
        var adoNet = silo.AdoNet;
        var groupCommit = silo.GroupCommit;

        var first = Notes.State("by ado.net");
        await adoNet.WriteStateAsync("interchange", grain, first);
        var seenByGroupCommit = await ReadAsync(groupCommit, grain);
        Assert.Equal(("by ado.net", "1", true), (seenByGroupCommit.State!.Text, seenByGroupCommit.ETag, seenByGroupCommit.RecordExists));

        seenByGroupCommit.State.Text = "by group commit";
        await groupCommit.WriteStateAsync("interchange", grain, seenByGroupCommit);
        var seenByAdoNet = await ReadAsync(adoNet, grain);
        Assert.Equal(("by group commit", "2", true), (seenByAdoNet.State!.Text, seenByAdoNet.ETag, seenByAdoNet.RecordExists));

        // The grain that wrote first is now behind: both providers refuse its stale ETag alike.
        await Assert.ThrowsAsync<InconsistentStateException>(() => adoNet.WriteStateAsync("interchange", grain, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => groupCommit.WriteStateAsync("interchange", grain, first));

        seenByAdoNet.State.Text = "by ado.net again";
        await adoNet.WriteStateAsync("interchange", grain, seenByAdoNet);
        Assert.Equal(1L, await Sql.ScalarAsync<long>(silo.ConnectionString, "SELECT count(*) FROM grain_state WHERE state_name = 'interchange'"));
        Assert.Equal("by ado.net again", (await ReadAsync(groupCommit, grain)).State!.Text);

        await groupCommit.ClearStateAsync("interchange", grain, seenByAdoNet);
        Assert.False((await ReadAsync(adoNet, grain)).RecordExists);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(silo.ConnectionString, "SELECT count(*) FROM grain_state WHERE state_name = 'interchange'"));
    }

    [Fact]
    public async Task Both_providers_leave_a_cleared_state_alike_and_write_it_again_alike()
    {
        var outcomes = new List<string>();
        foreach (var (name, storage) in new[] { ("ado", silo.AdoNet), ("group", (IGrainStorage)silo.GroupCommit) })
        {
            var grain = Notes.Grain($"cleared-{name}");
            var state = Notes.State("doomed");
            await storage.WriteStateAsync("cleared", grain, state);
            await storage.WriteStateAsync("cleared", grain, state);
            await storage.ClearStateAsync("cleared", grain, state);
            var afterClear = $"{state.ETag ?? "null"} {state.RecordExists} '{state.State!.Text}'";
            state.State.Text = "again";
            await storage.WriteStateAsync("cleared", grain, state);
            outcomes.Add($"{afterClear} -> {state.ETag} {state.RecordExists}");
        }

        Assert.Equal(["null False '' -> 1 True", "null False '' -> 1 True"], outcomes);
    }

    [Fact]
    public async Task The_loyalty_storage_routes_each_state_to_its_configured_provider()
    {
        var before = silo.GroupCommit.Statistics.CommittedChanges;

        await silo.Router.WriteStateAsync(StorageSilo.AdoNetRoutedState, Notes.Grain("routed"), Notes.State("ado.net"));
        Assert.Equal(before, silo.GroupCommit.Statistics.CommittedChanges);

        await silo.Router.WriteStateAsync("any-other-state", Notes.Grain("routed"), Notes.State("group commit by default"));
        Assert.Equal(before + 1, silo.GroupCommit.Statistics.CommittedChanges);
    }

    private static GrainId GrainOf(string keyKind)
    {
        var type = GrainType.Create("note");
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        return keyKind switch
        {
            "string" => GrainId.Create(type, "customer-42"),
            "integer" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(-42)),
            "integer+extension" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(42, "ext")),
            "guid" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid)),
            "guid+extension" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "ext")),
            _ => throw new ArgumentOutOfRangeException(nameof(keyKind), keyKind, null),
        };
    }

    private static async Task<GrainState<Note>> ReadAsync(IGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<Note>();
        await storage.ReadStateAsync("interchange", grain, state);
        return state;
    }
}
