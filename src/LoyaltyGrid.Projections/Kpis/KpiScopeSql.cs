using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Projections.Kpis;

/// <summary>The KPI projection's statements over <c>kpi_projection_scope</c> (migration 0020).</summary>
internal static class KpiScopeSql
{
    /// <summary>Upserts a page's changed aggregates; each gets a new version from one sequence, so versions only grow, also across a rebuild's switch.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> StoreAsync(
        long generation, IReadOnlyList<(string Scope, string Payload)> scopes, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, long>(scopes.Count, StringComparer.Ordinal);
        if (scopes.Count == 0)
        {
            return versions;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO kpi_projection_scope (generation, scope, version, payload)
            SELECT @generation, s.scope, nextval('kpi_scope_version'), s.payload::jsonb
            FROM unnest(@scopes::text[], @payloads::text[]) AS s(scope, payload)
            ON CONFLICT (generation, scope) DO UPDATE
                SET version = excluded.version, payload = excluded.payload, written_at = now()
            RETURNING scope, version
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("generation", NpgsqlDbType.Bigint) { TypedValue = generation });
        command.Parameters.Add(new NpgsqlParameter<string[]>("scopes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. scopes.Select(s => s.Scope)] });
        command.Parameters.Add(new NpgsqlParameter<string[]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. scopes.Select(s => s.Payload)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    public static async Task<IReadOnlyList<(string Scope, string Payload)>> LoadAsync(
        long generation, string[] scopes, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT scope, payload::text FROM kpi_projection_scope WHERE generation = @generation AND scope = ANY(@scopes)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("generation", NpgsqlDbType.Bigint) { TypedValue = generation });
        command.Parameters.Add(new NpgsqlParameter<string[]>("scopes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scopes });
        var rows = new List<(string, string)>(scopes.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    public static async Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM kpi_projection_scope WHERE generation = @generation", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("generation", NpgsqlDbType.Bigint) { TypedValue = generation });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
