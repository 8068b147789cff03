namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>
/// What one group-commit provider has done since it started: batches that committed or failed and
/// the changes they carried. Metrics aggregate over providers; this is per provider, for tests and logs.
/// </summary>
public sealed record GroupCommitStatistics(long CommittedBatches, long CommittedChanges, long FailedBatches, long FailedChanges, int LargestBatch);
