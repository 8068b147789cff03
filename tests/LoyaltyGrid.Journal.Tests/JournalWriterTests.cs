using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Journal.Tests;

public sealed class JournalWriterTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    // Long enough that writes started together surely share a batch on a loaded machine.
    private static readonly (string, string) SharedBatch = ("Journal:GroupCommit:Window", "00:00:00.300");

    [Fact]
    public async Task Appends_of_many_streams_share_few_transactions_and_are_all_readable()
    {
        await using var host = JournalHost.Create(database.ConnectionString);
        var journal = host.Journal;
        const int Streams = 100;
        const int EventsPerStream = 5;
        var before = journal.CommittedBatches;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Streams).Select(async stream =>
        {
            var name = $"many/{stream}";
            var results = new List<AppendOutcome>();
            for (var sequence = 1; sequence <= EventsPerStream; sequence++)
            {
                results.Add(await journal.AppendAsync(name, [Entries.Entry(name, sequence)], dueAt: null));
            }

            return results;
        }));

        Assert.All(outcomes.SelectMany(o => o), outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        var transactions = journal.CommittedBatches - before;
        Assert.InRange(transactions, EventsPerStream, Streams * EventsPerStream / 4);
        for (var stream = 0; stream < Streams; stream++)
        {
            var entries = await journal.ReadStreamAsync($"many/{stream}", 0);
            Assert.Equal([1, 2, 3, 4, 5], entries.Select(e => e.Sequence));
            Assert.Equal(Entries.Entry($"many/{stream}", 3).Payload, entries[2].Payload);
            Assert.All(entries, e => Assert.True(e.Position.TransactionId > 0));
        }

        Assert.Equal([4, 5], (await journal.ReadStreamAsync("many/7", 3)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_conflicting_stream_is_refused_alone_and_the_rest_of_its_batch_commits()
    {
        await using var host = JournalHost.Create(database.ConnectionString, settings: SharedBatch);
        var journal = host.Journal;
        var due = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(AppendOutcome.Appended, await journal.AppendAsync("conflict/seq", [Entries.Entry("conflict/seq", 1)], null));
        Assert.Equal(AppendOutcome.Appended, await journal.AppendAsync("conflict/id", [Entries.Entry("conflict/id", 1, eventId: "purchase:taken")], null));

        var seqTaken = journal.AppendAsync("conflict/seq", Entries.Run("conflict/seq", 1, 3), due);
        var idTaken = journal.AppendAsync("conflict/id", [Entries.Entry("conflict/id", 2), Entries.Entry("conflict/id", 3, eventId: "purchase:taken")], due);
        var fresh = journal.AppendAsync("conflict/fresh", Entries.Run("conflict/fresh", 1, 3), due);
        var other = journal.AppendAsync("conflict/other", [Entries.Entry("conflict/other", 1)], due);

        Assert.Equal(AppendOutcome.StreamConflict, await seqTaken);
        Assert.Equal(AppendOutcome.StreamConflict, await idTaken);
        Assert.Equal(AppendOutcome.Appended, await fresh);
        Assert.Equal(AppendOutcome.Appended, await other);

        // All or nothing per stream: the refused ones kept only what they had before.
        Assert.Equal([1], (await journal.ReadStreamAsync("conflict/seq", 0)).Select(e => e.Sequence));
        Assert.Equal([1], (await journal.ReadStreamAsync("conflict/id", 0)).Select(e => e.Sequence));
        var freshEntries = await journal.ReadStreamAsync("conflict/fresh", 0);
        var otherEntries = await journal.ReadStreamAsync("conflict/other", 0);
        Assert.Equal([1, 2, 3], freshEntries.Select(e => e.Sequence));
        Assert.Single(otherEntries);
        Assert.Single(freshEntries.Concat(otherEntries).Select(e => e.Position.TransactionId).Distinct());

        // A refused append's due moment is not stored either.
        var dueStreams = await Sql.ListAsync<string>(database.ConnectionString, "SELECT stream FROM stream_due WHERE stream LIKE 'conflict/%' ORDER BY stream");
        Assert.Equal(["conflict/fresh", "conflict/other"], dueStreams);
    }

    [Fact]
    public async Task A_database_error_fails_the_whole_batch_and_the_next_batch_works()
    {
        await using var host = JournalHost.Create(database.ConnectionString, settings: SharedBatch);
        var journal = host.Journal;

        var good = journal.AppendAsync("error/good", [Entries.Entry("error/good", 1)], null);
        var bad = journal.AppendAsync("error/bad", [Entries.Entry("error/bad", 1, payload: "this is not JSON")], null);

        await Assert.ThrowsAsync<PostgresException>(() => good);
        await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Empty(await journal.ReadStreamAsync("error/good", 0));

        Assert.Equal(AppendOutcome.Appended, await journal.AppendAsync("error/good", [Entries.Entry("error/good", 1)], null));
        Assert.Single(await journal.ReadStreamAsync("error/good", 0));
    }

    [Fact]
    public async Task A_lost_connection_fails_its_batch_and_the_writer_goes_on()
    {
        await using var host = JournalHost.Create(database.ConnectionString);
        var journal = host.Journal;
        Assert.Equal(AppendOutcome.Appended, await journal.AppendAsync("lost/1", [Entries.Entry("lost/1", 1)], null));

        // The writer's pooled connection is idle now; end it behind the pool's back.
        var terminated = await Sql.ScalarAsync<long>(database.ConnectionString, """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
            FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """);
        Assert.True(terminated >= 1);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => journal.AppendAsync("lost/1", [Entries.Entry("lost/1", 2)], null));
        Assert.Equal(AppendOutcome.Appended, await journal.AppendAsync("lost/1", [Entries.Entry("lost/1", 2)], null));
        Assert.Equal([1, 2], (await journal.ReadStreamAsync("lost/1", 0)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_retried_event_is_found_by_its_id_and_refused_as_a_new_one()
    {
        await using var host = JournalHost.Create(database.ConnectionString);
        var journal = host.Journal;
        await journal.AppendAsync("retry/1", [Entries.Entry("retry/1", 1, eventId: "purchase:shop/A-1001")], null);
        await journal.AppendAsync("retry/1", [Entries.Entry("retry/1", 2, eventId: "purchase:shop/A-1002")], null);

        var found = await journal.FindAsync("retry/1", "purchase:shop/A-1001");
        Assert.NotNull(found);
        Assert.Equal(1, found.Sequence);
        Assert.Equal("purchase", found.Type);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), found.OccurredAt);
        Assert.Null(await journal.FindAsync("retry/1", "purchase:shop/A-9999"));
        Assert.Null(await journal.FindAsync("retry/2", "purchase:shop/A-1001"));

        Assert.Equal(AppendOutcome.StreamConflict, await journal.AppendAsync("retry/1", [Entries.Entry("retry/1", 3, eventId: "purchase:shop/A-1001")], null));
    }

    [Fact]
    public async Task A_snapshot_never_goes_back_to_an_older_sequence()
    {
        await using var host = JournalHost.Create(database.ConnectionString);
        var journal = host.Journal;
        Assert.Null(await journal.LoadSnapshotAsync("snap/1"));

        await journal.SaveSnapshotAsync(new StreamSnapshot("snap/1", 5, """{"points":5}"""));
        await journal.SaveSnapshotAsync(new StreamSnapshot("snap/1", 3, """{"points":3}"""));
        Assert.Equal(new StreamSnapshot("snap/1", 5, """{"points":5}"""), await journal.LoadSnapshotAsync("snap/1"));

        // Saves racing each other (carried between batches) still end at the newest.
        await Task.WhenAll(Enumerable.Range(1, 20).Reverse().Select(seq => journal.SaveSnapshotAsync(new StreamSnapshot("snap/1", seq, $$"""{"points":{{seq}}}"""))));
        Assert.Equal(new StreamSnapshot("snap/1", 20, """{"points":20}"""), await journal.LoadSnapshotAsync("snap/1"));
    }

    [Fact]
    public async Task Due_moments_follow_appends_and_set_due()
    {
        await using var host = JournalHost.Create(database.ConnectionString);
        var journal = host.Journal;
        var first = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

        await journal.AppendAsync("due/1", [Entries.Entry("due/1", 1)], first);
        Assert.Equal(first, await DueAtAsync("due/1"));
        await journal.SetDueAsync("due/1", first.AddDays(1));
        Assert.Equal(first.AddDays(1), await DueAtAsync("due/1"));
        await journal.AppendAsync("due/1", [Entries.Entry("due/1", 2)], null);
        Assert.Null(await DueAtAsync("due/1"));
        await journal.SetDueAsync("due/1", first);
        await journal.SetDueAsync("due/1", null);
        Assert.Null(await DueAtAsync("due/1"));

        // An append that keeps the due moment leaves it as stored, set or not.
        await journal.AppendAsync("due/1", [Entries.Entry("due/1", 3)]);
        Assert.Null(await DueAtAsync("due/1"));
        await journal.SetDueAsync("due/1", first);
        await journal.AppendAsync("due/1", [Entries.Entry("due/1", 4)]);
        Assert.Equal(first, await DueAtAsync("due/1"));
    }

    [Fact]
    public async Task Replacing_payloads_scrubs_entries_and_drops_the_snapshot()
    {
        await using var host = JournalHost.Create(database.ConnectionString);
        var journal = host.Journal;
        await journal.AppendAsync("erase/1", Entries.Run("erase/1", 1, 3), null);
        await journal.SaveSnapshotAsync(new StreamSnapshot("erase/1", 3, """{"name":"Ada"}"""));

        await journal.ReplacePayloadsAsync("erase/1", new Dictionary<long, string> { [1] = """{"erased":true}""", [3] = """{"erased":true}""" });

        var entries = await journal.ReadStreamAsync("erase/1", 0);
        Assert.Equal(["""{"erased":true}""", Entries.Entry("erase/1", 2).Payload, """{"erased":true}"""], entries.Select(e => e.Payload));
        Assert.Equal(["purchase:erase/1/1", "purchase:erase/1/2", "purchase:erase/1/3"], entries.Select(e => e.EventId));
        Assert.Null(await journal.LoadSnapshotAsync("erase/1"));
    }

    private async Task<DateTimeOffset?> DueAtAsync(string stream) =>
        (await Sql.ListAsync<DateTimeOffset>(database.ConnectionString, $"SELECT due_at FROM stream_due WHERE stream = '{stream}'")).Cast<DateTimeOffset?>().SingleOrDefault();
}
