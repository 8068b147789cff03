using System.Collections.Concurrent;
using LoyaltyGrid.Journal.Due;
using LoyaltyGrid.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyGrid.Journal.Tests;

public sealed class DueSweeperTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly (string, string) FastSweeps = ("Journal:Due:SweepInterval", "00:00:00.100");

    [Fact]
    public async Task Due_streams_are_woken_and_future_ones_are_not()
    {
        var waker = new RecordingWaker();
        await using var host = JournalHost.Create(database.ConnectionString, services => services.AddSingleton<IDueStreamWaker>(waker), FastSweeps);
        var now = TimeProvider.System.GetUtcNow();
        await host.Journal.SetDueAsync("sweep/past", now.AddMinutes(-1));
        await host.Journal.AppendAsync("sweep/appended", [Entries.Entry("sweep/appended", 1)], now.AddSeconds(-5));
        await host.Journal.SetDueAsync("sweep/future", now.AddHours(1));
        await host.StartAsync();

        // Not woken once but on every sweep while still due: its owner has not moved the moment.
        await Eventually.Wait(() => Task.FromResult(waker.Times("sweep/past")), n => n >= 3, "repeated wakes of a due stream");
        Assert.True(waker.Times("sweep/appended") >= 1);
        Assert.Equal(0, waker.Times("sweep/future"));

        // The woken owner stores its next moment; the sweeper stops waking it.
        await host.Journal.SetDueAsync("sweep/past", null);
        var cleared = waker.Times("sweep/appended");
        var after = await Eventually.Wait(() => Task.FromResult(waker.Times("sweep/appended")), n => n >= cleared + 2, "sweeps after the moment was cleared");
        var pastAfter = waker.Times("sweep/past");
        await Eventually.Wait(() => Task.FromResult(waker.Times("sweep/appended")), n => n >= after + 3, "more sweeps");
        Assert.Equal(pastAfter, waker.Times("sweep/past"));
        Assert.Equal(0, waker.Times("sweep/future"));
    }

    [Fact]
    public async Task A_stopped_owner_leaves_its_partitions_to_another_process()
    {
        var firstWaker = new RecordingWaker();
        var secondWaker = new RecordingWaker();
        await using var first = JournalHost.Create(database.ConnectionString, services => services.AddSingleton<IDueStreamWaker>(firstWaker), FastSweeps);
        await using var second = JournalHost.Create(database.ConnectionString, services => services.AddSingleton<IDueStreamWaker>(secondWaker), FastSweeps);
        var streams = Enumerable.Range(0, 40).Select(i => $"takeover/{i}").ToList();
        foreach (var stream in streams)
        {
            await first.Journal.SetDueAsync(stream, TimeProvider.System.GetUtcNow().AddSeconds(-1));
        }

        await first.StartAsync();
        await Eventually.Wait(() => Task.FromResult(streams.Count(s => firstWaker.Times(s) > 0)), n => n == streams.Count, "the first process to wake every stream");
        await second.StartAsync();
        var seen = firstWaker.Times(streams[0]);
        await Eventually.Wait(() => Task.FromResult(firstWaker.Times(streams[0])), n => n >= seen + 5, "sweeps with both processes up");
        Assert.Equal(0, streams.Sum(secondWaker.Times));

        await first.StopAsync();
        await Eventually.Wait(() => Task.FromResult(streams.Count(s => secondWaker.Times(s) > 0)), n => n == streams.Count, "the second process to take every partition over");
    }

    [Fact]
    public async Task A_failing_wake_is_tried_again_and_does_not_stop_the_others()
    {
        var waker = new RecordingWaker { Failing = "fails/1" };
        await using var host = JournalHost.Create(database.ConnectionString, services => services.AddSingleton<IDueStreamWaker>(waker), FastSweeps);
        await host.Journal.SetDueAsync("fails/1", TimeProvider.System.GetUtcNow().AddSeconds(-1));
        await host.Journal.SetDueAsync("fails/2", TimeProvider.System.GetUtcNow().AddSeconds(-1));
        await host.StartAsync();
        await Eventually.Wait(() => Task.FromResult(Math.Min(waker.Times("fails/1"), waker.Times("fails/2"))), n => n >= 3, "both streams woken on several sweeps");
    }

    private sealed class RecordingWaker : IDueStreamWaker
    {
        private readonly ConcurrentDictionary<string, int> _wakes = new();

        public string? Failing { get; init; }

        public int Times(string stream) => _wakes.GetValueOrDefault(stream);

        public Task WakeAsync(DueStream due, CancellationToken cancellationToken)
        {
            _wakes.AddOrUpdate(due.Stream, 1, (_, n) => n + 1);
            return due.Stream == Failing ? throw new InvalidOperationException("The owner could not be reached.") : Task.CompletedTask;
        }
    }
}
