using LoyaltyGrid.Testing;
using Npgsql;
using Orleans.Storage;

namespace LoyaltyGrid.Storage.Tests;

public sealed class GroupCommitTests(StorageSilo silo) : IClassFixture<StorageSilo>
{
    // Long enough that a batch never leaves before the test has handed it all its writes: a full
    // batch goes at once, so no test waits this out.
    private static readonly TimeSpan PatientWindow = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Concurrent_writes_of_distinct_grains_are_committed_in_one_transaction()
    {
        await using var storage = silo.CreateGroupCommit(PatientWindow, maxBatch: 50);
        var states = Enumerable.Range(0, 50).Select(i => Notes.State($"together {i}")).ToList();

        await Task.WhenAll(states.Select((state, i) => storage.WriteStateAsync("together", Notes.Grain($"g{i}"), state)));

        Assert.Equal(new(CommittedBatches: 1, CommittedChanges: 50, FailedBatches: 0, FailedChanges: 0, LargestBatch: 50), storage.Statistics);
        Assert.All(states, state => Assert.Equal(("1", true), (state.ETag, state.RecordExists)));
        Assert.Equal(50L, await Sql.ScalarAsync<long>(silo.ConnectionString, "SELECT count(*) FROM grain_state WHERE state_name = 'together'"));
        // PostgreSQL's own view: every row was written by the same transaction.
        Assert.Equal(1L, await Sql.ScalarAsync<long>(silo.ConnectionString, "SELECT count(DISTINCT xmin::text) FROM grain_state WHERE state_name = 'together'"));
    }

    [Fact]
    public async Task A_conflicting_write_in_the_middle_of_a_batch_fails_only_that_grain()
    {
        await using var storage = silo.CreateGroupCommit(PatientWindow, maxBatch: 21);
        var states = Enumerable.Range(0, 20).Select(i => Notes.State($"first {i}")).ToList();
        await Task.WhenAll(states.Select((state, i) => silo.GroupCommit.WriteStateAsync("conflict", Notes.Grain($"g{i}"), state)));
        // Another writer moves grain 10 on behind its back, and creates grain 20 that the batch believes new.
        await Sql.ExecuteAsync(silo.ConnectionString, "UPDATE grain_state SET version = version + 1 WHERE state_name = 'conflict' AND grain_key = 'g10'");
        var behindTheBack = Notes.State("created elsewhere");
        await silo.AdoNet.WriteStateAsync("conflict", Notes.Grain("g20"), behindTheBack);

        foreach (var state in states)
        {
            state.State!.Text = "second";
        }

        states.Add(Notes.State("second"));
        var writes = states.Select((state, i) => storage.WriteStateAsync("conflict", Notes.Grain($"g{i}"), state)).ToList();

        await Assert.ThrowsAsync<InconsistentStateException>(() => writes[10]);
        await Assert.ThrowsAsync<InconsistentStateException>(() => writes[20]);
        await Task.WhenAll(writes.Where((_, i) => i is not 10 and not 20));
        Assert.Equal(1L, storage.Statistics.CommittedBatches);
        Assert.Equal(21, storage.Statistics.LargestBatch);
        Assert.All(states.Where((_, i) => i is not 10 and not 20), state => Assert.Equal("2", state.ETag));
        Assert.Equal(
            ["g10:first 10:2", "g20:created elsewhere:1"],
            await Sql.ListAsync<string>(silo.ConnectionString,
                "SELECT grain_key || ':' || (payload->>'text') || ':' || version FROM grain_state WHERE state_name = 'conflict' AND payload->>'text' <> 'second' ORDER BY grain_key"));
        Assert.Equal(19L, await Sql.ScalarAsync<long>(silo.ConnectionString,
            "SELECT count(*) FROM grain_state WHERE state_name = 'conflict' AND payload->>'text' = 'second' AND version = 2"));
    }

    [Fact]
    public async Task A_database_error_fails_every_write_of_the_batch_with_that_error()
    {
        await using var storage = silo.CreateGroupCommit(PatientWindow, maxBatch: 10);
        // jsonb refuses the NUL character, so this one state makes PostgreSQL reject the whole statement.
        var states = Enumerable.Range(0, 10).Select(i => Notes.State(i == 4 ? "poison \0" : $"innocent {i}")).ToList();

        var writes = states.Select((state, i) => storage.WriteStateAsync("poisoned", Notes.Grain($"g{i}"), state)).ToList();

        var errors = new List<Exception>();
        foreach (var write in writes)
        {
            errors.Add(await Assert.ThrowsAsync<PostgresException>(() => write));
        }

        Assert.Single(errors.Distinct());
        Assert.All(states, state => Assert.Null(state.ETag));
        Assert.Equal(new(CommittedBatches: 0, CommittedChanges: 0, FailedBatches: 1, FailedChanges: 10, LargestBatch: 0), storage.Statistics);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(silo.ConnectionString, "SELECT count(*) FROM grain_state WHERE state_name = 'poisoned'"));

        // The provider goes on: the next batch commits.
        var next = Notes.State("after the error");
        await storage.WriteStateAsync("poisoned", Notes.Grain("g0"), next);
        Assert.Equal("1", next.ETag);
    }

    [Fact]
    public async Task No_write_is_acknowledged_before_commit_when_the_connection_dies_inside_the_transaction()
    {
        await using var storage = silo.CreateGroupCommit(PatientWindow, maxBatch: 10);
        var locked = Notes.State("before");
        await storage.WriteStateAsync("killed", Notes.Grain("locked"), locked);

        // Another session holds the row, so the batch that updates it waits inside its transaction.
        await using var holder = new NpgsqlConnection(silo.ConnectionString);
        await holder.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT version FROM grain_state WHERE state_name = 'killed' AND grain_key = 'locked' FOR UPDATE", holder, holding))
        {
            await lockRow.ExecuteScalarAsync();
        }

        locked.State!.Text = "after";
        var states = Enumerable.Range(0, 9).Select(i => Notes.State($"new {i}")).ToList();
        var writes = states.Select((state, i) => storage.WriteStateAsync("killed", Notes.Grain($"g{i}"), state)).ToList();
        writes.Add(storage.WriteStateAsync("killed", Notes.Grain("locked"), locked));

        var batchBackend = await WaitForBackendBlockedByAsync(holder.ProcessID);
        Assert.All(writes, write => Assert.False(write.IsCompleted, "a write completed while its transaction was still open"));
        await Sql.ScalarAsync<bool>(silo.ConnectionString, $"SELECT pg_terminate_backend({batchBackend})");

        foreach (var write in writes)
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => write);
        }

        await holding.RollbackAsync();
        Assert.Equal(
            ["locked:before:1"],
            await Sql.ListAsync<string>(silo.ConnectionString,
                "SELECT grain_key || ':' || (payload->>'text') || ':' || version FROM grain_state WHERE state_name = 'killed'"));
        Assert.Equal(1L, storage.Statistics.FailedBatches);

        // A grain retrying after the failure succeeds on a fresh connection.
        await storage.WriteStateAsync("killed", Notes.Grain("locked"), locked);
        Assert.Equal("2", locked.ETag);
    }

    [Fact]
    public async Task A_cleared_state_loses_its_row_and_can_be_written_again()
    {
        var grain = Notes.Grain("erased");
        var state = Notes.State("to be erased");
        await silo.GroupCommit.WriteStateAsync("clear", grain, state);

        await silo.GroupCommit.ClearStateAsync("clear", grain, state);

        Assert.False(state.RecordExists);
        Assert.Equal("", state.State!.Text);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(silo.ConnectionString, "SELECT count(*) FROM grain_state WHERE state_name = 'clear'"));
        state.State!.Text = "reborn";
        await silo.GroupCommit.WriteStateAsync("clear", grain, state);
        var reread = Notes.State("");
        await silo.GroupCommit.ReadStateAsync("clear", grain, reread);
        Assert.Equal(("reborn", true), (reread.State!.Text, reread.RecordExists));
    }

    private async Task<int> WaitForBackendBlockedByAsync(int holderProcessId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var blocked = await Sql.ListAsync<int>(silo.ConnectionString,
                $"SELECT pid FROM pg_stat_activity WHERE {holderProcessId} = ANY(pg_blocking_pids(pid))");
            if (blocked.Count == 1)
            {
                return blocked[0];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The batch never waited for the locked row.");
    }
}
