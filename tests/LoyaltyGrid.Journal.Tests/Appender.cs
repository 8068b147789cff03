namespace LoyaltyGrid.Journal.Tests;

/// <summary>Appends to a set of streams in the background until stopped, as customers' traffic would.</summary>
internal sealed class Appender : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private long _appended;

    public Appender(IEventJournal journal, string prefix, int streams)
    {
        _running = Task.WhenAll(Enumerable.Range(0, streams).Select(stream => Task.Run(async () =>
        {
            var name = $"{prefix}/{stream}";
            for (var sequence = 1L; !_stop.IsCancellationRequested; sequence++)
            {
                Assert.Equal(AppendOutcome.Appended, await journal.AppendAsync(name, [Entries.Entry(name, sequence)], null));
                Interlocked.Increment(ref _appended);
            }
        })));
    }

    public long Appended => Interlocked.Read(ref _appended);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
