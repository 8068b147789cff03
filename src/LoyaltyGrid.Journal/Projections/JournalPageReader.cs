using Npgsql;

namespace LoyaltyGrid.Journal.Projections;

/// <summary>Reads the journal in commit-safe order, each page in its own short (autocommit) statement.</summary>
internal static class JournalPageReader
{
    public static async Task<List<JournalEntry>> ReadAsync(NpgsqlDataSource dataSource, JournalPosition after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.ReadPage);
        command.Parameters.AddPosition(after);
        command.Parameters.AddTyped("limit", NpgsqlTypes.NpgsqlDbType.Integer, limit);
        return await JournalRows.ReadEntriesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Entries beyond a position (at most <paramref name="cap"/> counted) and when the oldest of them was accepted.</summary>
    public static async Task<(long Count, DateTimeOffset? OldestAcceptedAt)> LagAsync(NpgsqlDataSource dataSource, JournalPosition after, long cap, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(JournalSql.Lag);
        command.Parameters.AddPosition(after);
        command.Parameters.AddBigint("cap", cap);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }
}
