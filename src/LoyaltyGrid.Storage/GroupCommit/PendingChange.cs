namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>
/// One grain's write or delete waiting for a batch. <see cref="ExpectedVersion"/> is the grain's
/// ETag (null: the grain believes no row exists). The completion carries the row's version after
/// the commit, or null when the ETag no longer matched.
/// </summary>
internal sealed class PendingChange(GrainStateRow row, ChangeKind kind, int? expectedVersion, string? payload, long enqueuedAt)
{
    private readonly TaskCompletionSource<int?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainStateRow Row { get; } = row;

    public ChangeKind Kind { get; } = kind;

    public int? ExpectedVersion { get; } = expectedVersion;

    /// <summary>The state as JSON text; null for a delete.</summary>
    public string? Payload { get; } = payload;

    /// <summary>When the grain asked, as a <see cref="TimeProvider"/> timestamp: a batch's window starts at its oldest change.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    public Task<int?> Outcome => _outcome.Task;

    public void Committed(int? version) => _outcome.TrySetResult(version);

    public void Failed(Exception error) => _outcome.TrySetException(error);
}

internal enum ChangeKind
{
    Write,
    Delete,
}
