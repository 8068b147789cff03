using LoyaltyGrid.Storage;
using LoyaltyGrid.Storage.GroupCommit;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using System.Text.Json;

namespace LoyaltyGrid.Cluster.Tests;

public sealed class GrainStorageTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Both_silos_are_active_members_in_the_postgres_membership_table()
    {
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM cluster_silo WHERE status = 3"));
        Assert.Equal(2L, await fixture.ScalarAsync<long>("SELECT count(*) FROM cluster_membership(@cluster) WHERE \"Status\" = 3",
            ("cluster", fixture.Cluster.Options.ClusterId)));
    }

    [Fact]
    public async Task State_survives_deactivation_and_is_readable_as_json_with_sql()
    {
        var grain = fixture.Grains.GetGrain<IProbeGrain>("state-roundtrip");
        await grain.Record("first");
        await grain.Record("second");

        await grain.Deactivate();
        var reloaded = await grain.Read();

        Assert.Equal(["first", "second"], reloaded.Notes);
        Assert.Equal(20.10m, reloaded.Amount);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(2), reloaded.LastWrite);

        var json = await fixture.ScalarAsync<string>(
            "SELECT payload::text FROM grain_state WHERE state_name = 'probe' AND grain_key = @key", ("key", "state-roundtrip"));
        using var document = JsonDocument.Parse(json!);
        Assert.Equal(["first", "second"], document.RootElement.GetProperty("notes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("20.10", document.RootElement.GetProperty("amount").GetRawText());
        Assert.Equal(2, await fixture.ScalarAsync<int>(
            "SELECT version FROM grain_state WHERE state_name = 'probe' AND grain_key = @key", ("key", "state-roundtrip")));
        Assert.Equal("20.10", await fixture.ScalarAsync<string>(
            "SELECT payload->>'amount' FROM grain_state WHERE state_name = 'probe' AND grain_key = @key", ("key", "state-roundtrip")));
    }

    [Fact]
    public async Task Grain_state_goes_through_the_group_commit_provider_by_default()
    {
        var before = CommittedByGroupCommit();

        await fixture.Grains.GetGrain<IProbeGrain>("group-committed").Record("batched");

        Assert.True(CommittedByGroupCommit() > before, "the probe's write was committed by a group-commit batch");
        Assert.Equal(1, await fixture.ScalarAsync<int>(
            "SELECT version FROM grain_state WHERE state_name = 'probe' AND grain_key = @key", ("key", "group-committed")));
    }

    [Fact]
    public async Task A_write_over_a_version_changed_behind_the_grain_is_refused()
    {
        var grain = fixture.Grains.GetGrain<IProbeGrain>("stale-etag");
        await grain.Record("mine");
        await fixture.ScalarAsync<int>(
            "UPDATE grain_state SET version = version + 1 WHERE state_name = 'probe' AND grain_key = @key RETURNING version", ("key", "stale-etag"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => grain.Record("lost"));

        Assert.IsType<InconsistentStateException>(error);
        Assert.Equal("[\"mine\"]", await fixture.ScalarAsync<string>(
            "SELECT (payload->'notes')::text FROM grain_state WHERE state_name = 'probe' AND grain_key = @key", ("key", "stale-etag")));
    }

    [Fact]
    public async Task A_reminder_is_stored_in_postgres_fires_and_is_removed()
    {
        var grain = fixture.Grains.GetGrain<IProbeGrain>("ticker");
        await grain.StartTicking();

        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM reminder WHERE reminder_name = 'tick' AND grain_id LIKE '%ticker'"));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await grain.Read()).Ticks < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True((await grain.Read()).Ticks >= 2, "the reminder fired twice within a minute");
        Assert.Equal(0L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM reminder WHERE reminder_name = 'tick' AND grain_id LIKE '%ticker'"));
    }

    private long CommittedByGroupCommit() => fixture.Cluster.Silos.OfType<InProcessSiloHandle>()
        .Sum(silo => ((GroupCommitGrainStorage)silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageSetup.GroupCommitProviderName))
            .Statistics.CommittedChanges);
}
