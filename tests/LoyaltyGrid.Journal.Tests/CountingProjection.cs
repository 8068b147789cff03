using LoyaltyGrid.Journal.Projections;
using LoyaltyGrid.Testing;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Journal.Tests;

/// <summary>
/// A projection that records, per generation, how many times it was given each entry: exact
/// output means every journal entry once and nothing else.
/// </summary>
internal sealed class CountingProjection(string name, TimeSpan applyDelay = default) : IProjection
{
    private long _appliedPages;
    private long _committedEntries;

    public string Name => name;

    public long AppliedPages => Interlocked.Read(ref _appliedPages);

    public long CommittedEntries => Interlocked.Read(ref _committedEntries);

    public static Task CreateTableAsync(string connectionString) => Sql.ExecuteAsync(connectionString, """
        CREATE TABLE IF NOT EXISTS projection_seen
        (
            projection text   NOT NULL,
            generation bigint NOT NULL,
            stream     text   NOT NULL,
            seq        bigint NOT NULL,
            times      int    NOT NULL,
            PRIMARY KEY (projection, generation, stream, seq)
        )
        """);

    /// <summary>Entries of the journal the generation has not seen exactly once, plus entries it saw that are not in the journal.</summary>
    public static Task<long> MismatchesAsync(string connectionString, string projection, long generation) => Sql.ScalarAsync<long>(connectionString, $"""
        SELECT count(*) FROM journal j
        FULL JOIN (SELECT * FROM projection_seen WHERE projection = '{projection}' AND generation = {generation}) s
          ON s.stream = j.stream AND s.seq = j.seq
        WHERE s.times IS DISTINCT FROM 1 OR j.stream IS NULL
        """);

    public static Task<long> SeenAsync(string connectionString, string projection, long generation) => Sql.ScalarAsync<long>(connectionString,
        $"SELECT count(*) FROM projection_seen WHERE projection = '{projection}' AND generation = {generation}");

    public async Task ApplyAsync(ProjectionPage page, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (applyDelay > TimeSpan.Zero)
        {
            await Task.Delay(applyDelay, cancellationToken);
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO projection_seen (projection, generation, stream, seq, times)
            SELECT @projection, @generation, s, q, 1 FROM unnest(@stream, @seq) AS u(s, q)
            ON CONFLICT (projection, generation, stream, seq) DO UPDATE SET times = projection_seen.times + 1
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("projection", NpgsqlDbType.Text) { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<long>("generation", NpgsqlDbType.Bigint) { TypedValue = page.Generation });
        command.Parameters.Add(new NpgsqlParameter<string[]>("stream", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. page.Entries.Select(e => e.Stream)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. page.Entries.Select(e => e.Sequence)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
        Interlocked.Increment(ref _appliedPages);
    }

    public async Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM projection_seen WHERE projection = @projection AND generation = @generation", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("projection", NpgsqlDbType.Text) { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<long>("generation", NpgsqlDbType.Bigint) { TypedValue = generation });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task CommittedAsync(ProjectionPage page, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _committedEntries, page.Entries.Count);
        return Task.CompletedTask;
    }
}
