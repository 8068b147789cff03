using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Journal.Projections;

/// <summary>Reports and steers projections from their checkpoints; any process can answer, owner or not.</summary>
internal sealed class PostgresProjectionControl(IEnumerable<IProjection> projections, NpgsqlDataSource dataSource, TimeProvider time) : IProjectionControl
{
    // Counting further than this to tell a lag costs more than the number is worth.
    private const long LagCountCap = 1_000_000;

    private readonly IReadOnlyList<IProjection> _projections = ProjectionNames.Distinct(projections);

    public async Task<IReadOnlyList<ProjectionStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var statuses = new List<ProjectionStatus>(_projections.Count);
        foreach (var projection in _projections)
        {
            var checkpoints = await Checkpoint.LoadAsync(dataSource, projection.Name, cancellationToken).ConfigureAwait(false);
            var live = checkpoints.SingleOrDefault(c => c.Live);
            var position = live?.Position ?? JournalPosition.Start;
            var (lagEvents, oldest) = await JournalPageReader.LagAsync(dataSource, position, LagCountCap, cancellationToken).ConfigureAwait(false);
            var lagTime = oldest is { } accepted && time.GetUtcNow() > accepted ? time.GetUtcNow() - accepted : TimeSpan.Zero;
            var rebuild = checkpoints.SingleOrDefault(c => !c.Live) is { } r
                ? new RebuildStatus(r.Generation, r.Position, r.Folded, Math.Max(r.Total, r.Folded), r.StartedAt)
                : null;

            // Before its first run a projection is at generation 1's start: what its owner creates.
            statuses.Add(new ProjectionStatus(projection.Name, live?.Generation ?? 1, position, lagEvents, lagTime, rebuild));
        }

        return statuses;
    }

    public async Task<bool> RequestRebuildAsync(string projection, CancellationToken cancellationToken = default)
    {
        if (!_projections.Any(p => p.Name == projection))
        {
            return false;
        }

        var now = time.GetUtcNow();
        await Checkpoint.EnsureLiveAsync(dataSource, projection, now, cancellationToken).ConfigureAwait(false);
        await using var count = dataSource.CreateCommand(JournalSql.CountEntries);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await using var request = dataSource.CreateCommand(ProjectionSql.RequestRebuild);
        request.Parameters.AddText("name", projection);
        request.Parameters.AddBigint("total", total);
        request.Parameters.AddTyped("now", NpgsqlDbType.TimestampTz, JournalRows.Utc(now));
        await request.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<JournalPosition> PositionAsync(string projection, CancellationToken cancellationToken = default)
    {
        var checkpoints = await Checkpoint.LoadAsync(dataSource, projection, cancellationToken).ConfigureAwait(false);
        return checkpoints.SingleOrDefault(c => c.Live)?.Position ?? JournalPosition.Start;
    }
}
