using LoyaltyGrid.Grains.Kpis;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>KPI aggregates and their applied-contribution marks in PostgreSQL (migration 0005).</summary>
public sealed class PostgresKpiScopeStore(NpgsqlDataSource dataSource) : IKpiScopeStore
{
    public async Task<StoredKpiScope?> LoadAsync(string scope, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT version, payload::text FROM kpi_scope WHERE scope = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredKpiScope(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadMarksAsync(string scope, IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default)
    {
        var marks = new Dictionary<string, long>(sources.Count);
        if (sources.Count == 0)
        {
            return marks;
        }

        await using var command = dataSource.CreateCommand("SELECT source, seq FROM kpi_source_mark WHERE scope = $1 AND source = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        command.Parameters.Add(new NpgsqlParameter { Value = sources.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            marks[reader.GetString(0)] = reader.GetInt64(1);
        }

        return marks;
    }

    public async Task<long?> SaveAsync(string scope, long? expectedVersion, string payloadJson, IReadOnlyDictionary<string, long> marks, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var state = expectedVersion is null
            ? new NpgsqlCommand("INSERT INTO kpi_scope (scope, version, payload) VALUES ($1, 1, $2::jsonb) ON CONFLICT DO NOTHING RETURNING version", connection, transaction)
            : new NpgsqlCommand("UPDATE kpi_scope SET payload = $2::jsonb, version = version + 1, written_at = now() WHERE scope = $1 AND version = $3 RETURNING version", connection, transaction))
        {
            state.Parameters.Add(new NpgsqlParameter { Value = scope });
            state.Parameters.Add(new NpgsqlParameter { Value = payloadJson });
            if (expectedVersion is long version)
            {
                state.Parameters.Add(new NpgsqlParameter { Value = version });
            }

            if (await state.ExecuteScalarAsync(cancellationToken) is not long newVersion)
            {
                // Another activation of this scope wrote first; our marks must not land either.
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }

            if (marks.Count > 0)
            {
                await using var raise = new NpgsqlCommand("""
                    INSERT INTO kpi_source_mark (scope, source, seq)
                    SELECT $1, source, seq FROM unnest($2::text[], $3::bigint[]) AS incoming(source, seq)
                    ON CONFLICT (scope, source) DO UPDATE SET seq = GREATEST(kpi_source_mark.seq, excluded.seq)
                    """, connection, transaction);
                raise.Parameters.Add(new NpgsqlParameter { Value = scope });
                raise.Parameters.Add(new NpgsqlParameter { Value = marks.Keys.ToArray() });
                raise.Parameters.Add(new NpgsqlParameter { Value = marks.Values.ToArray() });
                await raise.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return newVersion;
        }
    }
}
