using LoyaltyGrid.Journal.Projections;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoyaltyGrid.Journal.Tests;

public sealed class ProjectionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    // Small pages so that every test goes through many pages and checkpoints.
    private static readonly (string, string)[] SmallPages =
    [
        ("Journal:Projections:PageSize", "40"),
        ("Journal:Projections:RebuildPageSize", "70"),
        ("Journal:Projections:OwnershipInterval", "00:00:00.200"),
    ];

    public Task InitializeAsync() => CountingProjection.CreateTableAsync(database.ConnectionString);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_transaction_committing_late_is_never_skipped()
    {
        var projection = new CountingProjection("late");
        await using var host = Host(projection);
        await host.StartAsync();
        await host.Journal.AppendAsync("late/early", Entries.Run("late/early", 1, 10), null);
        await WaitExactAsync(projection.Name, 1);

        // A transaction that took its id before the appends below and commits seconds after them.
        await using var slow = new NpgsqlConnection(database.ConnectionString);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO journal (stream, seq, event_id, type, occurred_at, accepted_at, payload)
            VALUES ('late/slow', 1, 'slow-1', 'purchase', now(), now(), '{}')
            """, slow, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await using (var appender = new Appender(host.Journal, "late/busy", 8))
        {
            await Eventually.Wait(() => Task.FromResult(appender.Appended), n => n >= 200, "appends behind the open transaction");

            // The projection must be held back at the open transaction, not pass it.
            var position = await host.Services.GetRequiredService<IProjectionControl>().PositionAsync(projection.Name);
            var slowId = await SlowTransactionIdAsync(slow, transaction);
            Assert.True(position.TransactionId < slowId, $"position {position} passed the open transaction {slowId}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await transaction.CommitAsync();
        }

        await WaitExactAsync(projection.Name, 1);
        Assert.Equal(1, await Sql.ScalarAsync<long>(database.ConnectionString,
            "SELECT count(*) FROM projection_seen WHERE projection = 'late' AND stream = 'late/slow' AND times = 1"));
        Assert.Equal(await JournalCountAsync(), projection.CommittedEntries);
    }

    [Fact]
    public async Task A_caught_up_projection_lets_commits_gather_into_larger_pages()
    {
        var interval = TimeSpan.FromMilliseconds(250);
        var projection = new CountingProjection("gathering");
        await using var host = Host(projection, null, ("Journal:Projections:PageSize", "100000"), ("Journal:Projections:MinPageInterval", "00:00:00.250"));
        await host.StartAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        long appended;
        await using (var appender = new Appender(host.Journal, "gathering", 6))
        {
            await Eventually.Wait(() => Task.FromResult(appender.Appended), n => n >= 300, "appends, each its own commit or a few");
            await appender.StopAsync();
            appended = appender.Appended;
        }

        await WaitExactAsync(projection.Name, 1);
        var pages = projection.AppliedPages;

        // Woken by every commit, it would have stored about as many pages as there were commits;
        // caught up, it reads at most once per interval (plus the first page and the last).
        Assert.True(pages <= (long)(started.Elapsed / interval) + 2, $"{pages} pages in {started.Elapsed} for {appended} appends");
    }

    [Fact]
    public async Task A_projection_behind_does_not_wait_between_pages()
    {
        await using (var writer = JournalHost.Create(database.ConnectionString))
        {
            await writer.Journal.AppendAsync("behind/1", Entries.Run("behind/1", 1, 400), null);
        }

        // Pages of 40 with a 10 s interval: ten or more pages, so waiting between them would take minutes.
        var projection = new CountingProjection("behind");
        await using var host = Host(projection, null, ("Journal:Projections:MinPageInterval", "00:00:10"));
        await host.StartAsync();
        await Eventually.Wait(() => CountingProjection.MismatchesAsync(database.ConnectionString, projection.Name, 1), n => n == 0,
            "the projection to catch up without waiting", TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task A_projection_killed_at_random_points_resumes_exactly()
    {
        const string Name = "killed";
        await using var writer = JournalHost.Create(database.ConnectionString);
        await using (var appender = new Appender(writer.Journal, "killed", 12))
        {
            var random = new Random(7);
            for (var round = 0; round < 8; round++)
            {
                var host = Host(new CountingProjection(Name, TimeSpan.FromMilliseconds(random.Next(0, 20))), "projector");
                await host.StartAsync();
                await Task.Delay(random.Next(150, 700));
                if (round % 2 == 0)
                {
                    // The projector's connections die under it: mid-page, between pages or idle.
                    await Sql.ExecuteAsync(database.ConnectionString,
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'projector'");
                    await Task.Delay(random.Next(50, 400));
                }

                await host.DisposeAsync();
            }
        }

        var final = new CountingProjection(Name);
        await using var last = Host(final);
        await last.StartAsync();
        await WaitExactAsync(Name, 1);
        Assert.True(await CountingProjection.SeenAsync(database.ConnectionString, Name, 1) > 100);
    }

    [Fact]
    public async Task A_rebuild_under_concurrent_appends_ends_equal_to_the_live_generation()
    {
        var projection = new CountingProjection("rebuilt");
        await using var host = Host(projection);
        var control = host.Services.GetRequiredService<IProjectionControl>();
        Assert.False(await control.RequestRebuildAsync("no-such-projection"));
        await host.StartAsync();
        await using (var appender = new Appender(host.Journal, "rebuilt", 8))
        {
            await Eventually.Wait(() => Task.FromResult(appender.Appended), n => n >= 300, "traffic before the rebuild");
            Assert.True(await control.RequestRebuildAsync(projection.Name));
            Assert.True(await control.RequestRebuildAsync(projection.Name));
            var rebuilding = (await control.StatusAsync()).Single(s => s.Name == projection.Name);
            Assert.Equal(1, rebuilding.LiveGeneration);
            Assert.NotNull(rebuilding.Rebuild);
            Assert.Equal(2, rebuilding.Rebuild.Generation);
            Assert.True(rebuilding.Rebuild.TotalEvents >= 300);

            await Eventually.Wait(async () => (await control.StatusAsync()).Single(s => s.Name == projection.Name),
                s => s.LiveGeneration == 2 && s.Rebuild is null, "the rebuilt generation to go live");
        }

        await WaitExactAsync(projection.Name, 2);
        Assert.Equal(0, await CountingProjection.SeenAsync(database.ConnectionString, projection.Name, 1));
        Assert.Equal(1, await Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM projection_checkpoint WHERE name = 'rebuilt'"));
    }

    [Fact]
    public async Task Of_two_processes_only_one_applies_and_the_other_takes_over_when_it_stops()
    {
        const string Name = "shared";
        var first = new CountingProjection(Name);
        var second = new CountingProjection(Name);
        await using var one = Host(first);
        await using var two = Host(second);
        await one.StartAsync();
        await two.StartAsync();
        await using (var appender = new Appender(one.Journal, "shared/a", 6))
        await using (var other = new Appender(two.Journal, "shared/b", 6))
        {
            await Eventually.Wait(() => Task.FromResult(appender.Appended + other.Appended), n => n >= 400, "traffic from both processes");
        }

        await WaitExactAsync(Name, 1);
        Assert.True(first.AppliedPages == 0 || second.AppliedPages == 0, $"both applied: {first.AppliedPages} and {second.AppliedPages}");

        var (owner, standby, standbyProjection) = first.AppliedPages > 0 ? (one, two, second) : (two, one, first);
        await owner.StopAsync();
        await standby.Journal.AppendAsync("shared/after", Entries.Run("shared/after", 1, 30), null);
        await WaitExactAsync(Name, 1);
        Assert.True(standbyProjection.AppliedPages > 0);
    }

    [Fact]
    public async Task Status_tells_position_and_lag_in_events_and_time()
    {
        var projection = new CountingProjection("status");
        await using var host = Host(projection);
        var control = host.Services.GetRequiredService<IProjectionControl>();
        await host.StartAsync();
        await host.Journal.AppendAsync("status/1", Entries.Run("status/1", 1, 5), null);
        await WaitExactAsync(projection.Name, 1);
        var caughtUp = (await control.StatusAsync()).Single(s => s.Name == projection.Name);
        Assert.Equal(0, caughtUp.LagEvents);
        Assert.Equal(TimeSpan.Zero, caughtUp.LagTime);
        Assert.Equal(caughtUp.Position, await control.PositionAsync(projection.Name));
        Assert.Equal(await JournalMaxPositionAsync(), caughtUp.Position);

        await host.StopAsync();
        await host.Journal.AppendAsync("status/1", Entries.Run("status/1", 6, 7), null);
        var behind = (await control.StatusAsync()).Single(s => s.Name == projection.Name);
        Assert.Equal(7, behind.LagEvents);
        Assert.True(behind.LagTime > TimeSpan.Zero);
        Assert.Equal(caughtUp.Position, behind.Position);
    }

    private JournalHost Host(CountingProjection projection, string? applicationName = null, params (string, string)[] settings)
    {
        var connectionString = applicationName is null
            ? database.ConnectionString
            : new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        return JournalHost.Create(connectionString, services => services.AddSingleton<IProjection>(projection),
            [.. SmallPages.Where(small => settings.All(setting => setting.Item1 != small.Item1)), .. settings]);
    }

    /// <summary>Waits until the generation holds every journal entry exactly once.</summary>
    private async Task WaitExactAsync(string projection, long generation) =>
        await Eventually.Wait(() => CountingProjection.MismatchesAsync(database.ConnectionString, projection, generation), n => n == 0,
            $"projection {projection} generation {generation} to hold every entry once");

    private Task<long> JournalCountAsync() => Sql.ScalarAsync<long>(database.ConnectionString, "SELECT count(*) FROM journal");

    private async Task<JournalPosition> JournalMaxPositionAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tx::text::bigint, stream, seq FROM journal ORDER BY tx DESC, stream DESC, seq DESC LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new JournalPosition((ulong)reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
    }

    private static async Task<ulong> SlowTransactionIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection, transaction);
        return (ulong)(long)(await command.ExecuteScalarAsync())!;
    }
}
