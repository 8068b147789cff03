namespace LoyaltyGrid.Journal;

/// <summary>
/// Tells this process's projection owners that the writer committed, so an idle owner reads at
/// once instead of at its next poll. Commits of other processes are seen at the poll.
/// </summary>
internal sealed class JournalCommitSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes at the next commit after this call. Take it before reading, then wait on it: a
    /// commit between the read and the wait is then not missed.
    /// </summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="next"/> (from <see cref="Next"/>) or the interval, whichever is first.</summary>
    public static async Task WaitAsync(Task next, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(interval, time, stop.Token);
        await Task.WhenAny(next, delay).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
