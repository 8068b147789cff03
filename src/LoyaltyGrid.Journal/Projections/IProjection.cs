using Npgsql;

namespace LoyaltyGrid.Journal.Projections;

/// <summary>
/// Something derived from the journal: KPI scopes, session conversions, referral awards. The
/// runner reads the journal in commit-safe order a page at a time and calls
/// <see cref="ApplyAsync"/> inside a transaction that also moves the projection's checkpoint, so a
/// page's output and the checkpoint are stored together or not at all: a projection killed at any
/// point resumes exactly.
/// </summary>
/// <remarks>
/// Output is kept per <em>generation</em>. A rebuild folds the whole journal into a new generation
/// while the live one keeps up with traffic; once the new one has caught up, both checkpoints and
/// the switch of the live generation change in one transaction, and the old generation is dropped.
/// </remarks>
public interface IProjection
{
    /// <summary>Unique among projections; used in URLs and the checkpoint table.</summary>
    string Name { get; }

    /// <summary>Stores what <paramref name="page"/> adds to <paramref name="generation"/>'s output, in the given transaction.</summary>
    Task ApplyAsync(ProjectionPage page, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Removes a generation's output (after a rebuild replaced it), in the given transaction.</summary>
    Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Called after a page committed (live generation only): where a projection tells the living
    /// (e.g. a cache, a SignalR push) what changed. Must not throw for effects that are already stored.
    /// </summary>
    Task CommittedAsync(ProjectionPage page, CancellationToken cancellationToken);
}

/// <summary>A page of entries, after <paramref name="From"/> up to and including <paramref name="To"/>, for one generation.</summary>
public sealed record ProjectionPage(string Projection, long Generation, JournalPosition From, JournalPosition To, IReadOnlyList<JournalEntry> Entries);

/// <summary>What <c>GET /api/v1/admin/projections</c> shows of one projection.</summary>
public sealed record ProjectionStatus(
    string Name,
    long LiveGeneration,
    JournalPosition Position,
    long LagEvents,
    TimeSpan LagTime,
    RebuildStatus? Rebuild);

/// <summary>A rebuild in progress: the generation it fills, where it is, and how many entries it has folded of about how many.</summary>
public sealed record RebuildStatus(long Generation, JournalPosition Position, long FoldedEvents, long TotalEvents, DateTimeOffset StartedAt);

/// <summary>Runs and reports projections; one owner per projection in the cluster.</summary>
public interface IProjectionControl
{
    Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a rebuild of the named projection (false: no such projection); a rebuild already running is kept.</summary>
    Task<bool> RequestRebuildAsync(string projection, CancellationToken cancellationToken = default);

    /// <summary>The live generation's committed position, for a reader that must see an event before it answers.</summary>
    Task<JournalPosition> PositionAsync(string projection, CancellationToken cancellationToken = default);
}
