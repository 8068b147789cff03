using Npgsql;

namespace LoyaltyGrid.Journal.Projections;

/// <summary>A generation's row in <c>projection_checkpoint</c>.</summary>
internal sealed record Checkpoint(long Generation, bool Live, JournalPosition Position, long Folded, long Total, DateTimeOffset StartedAt)
{
    /// <summary>The projection's generations: at most one live and one rebuilding.</summary>
    public static async Task<List<Checkpoint>> LoadAsync(NpgsqlDataSource dataSource, string projection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ProjectionSql.Load);
        command.Parameters.AddText("name", projection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = new List<Checkpoint>(2);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Add(new Checkpoint(
                reader.GetInt64(0),
                reader.GetBoolean(1),
                new JournalPosition((ulong)reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4)),
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return checkpoints;
    }

    /// <summary>Creates generation 1 for a projection that never ran; nothing if it has a checkpoint.</summary>
    public static async Task EnsureLiveAsync(NpgsqlDataSource dataSource, string projection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ProjectionSql.EnsureLive);
        command.Parameters.AddText("name", projection);
        command.Parameters.AddTyped("now", NpgsqlTypes.NpgsqlDbType.TimestampTz, JournalRows.Utc(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds this generation's name, number and position (as last seen) for a compare-and-set statement.</summary>
    public void AddIdentity(NpgsqlParameterCollection parameters, string projection)
    {
        parameters.AddText("name", projection);
        parameters.AddBigint("generation", Generation);
        parameters.AddPosition(Position);
    }
}

/// <summary>Another owner moved the checkpoint: this process is not (or no longer) the projection's only owner.</summary>
internal sealed class ProjectionFencedException(string projection, long generation)
    : Exception($"The checkpoint of projection '{projection}' generation {generation} moved under its owner; another process owns it now.");
