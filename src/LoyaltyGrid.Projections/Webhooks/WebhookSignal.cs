namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>
/// Wakes this silo's delivery lanes when the notice projection committed new deliveries, so
/// they need not wait for their next poll. Only a shortcut: the lanes poll anyway, which is how
/// deliveries committed on another silo, or retries coming due, are found.
/// </summary>
public sealed class WebhookSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;
}
