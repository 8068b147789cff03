namespace LoyaltyGrid.Journal.Due;

/// <summary>A stream whose due moment (set with its last append, or by <see cref="IEventJournal.SetDueAsync"/>) has passed.</summary>
public sealed record DueStream(string Stream, DateTimeOffset DueAt);

/// <summary>
/// What the due-moment sweeper calls for each stream whose moment passed (a customer grain's
/// owner wakes the grain). The wakened owner stores its next due moment (or none); until it does,
/// the stream stays due and is woken again on a later sweep.
/// </summary>
public interface IDueStreamWaker
{
    Task WakeAsync(DueStream due, CancellationToken cancellationToken);
}
