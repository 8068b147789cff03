using LoyaltyGrid.Grains.Kpis;
using Npgsql;

namespace LoyaltyGrid.Projections.Kpis;

/// <summary>Reads the live generation of the KPI projection's output.</summary>
public sealed class PostgresKpiScopeStore(NpgsqlDataSource dataSource) : IKpiScopeStore
{
    // The live generation is the projection's; during a rebuild a newer one fills beside it.
    private const string LiveGeneration = $"""
        (SELECT generation FROM projection_checkpoint WHERE name = '{KpiProjection.ProjectionName}' AND live)
        """;

    public async Task<StoredKpiScope?> LoadAsync(string scope, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT version, payload::text FROM kpi_projection_scope WHERE scope = $1 AND generation = {LiveGeneration}");
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredKpiScope(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async Task<long> VersionAsync(string scope, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT version FROM kpi_projection_scope WHERE scope = $1 AND generation = {LiveGeneration}");
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    public async Task<IReadOnlyList<string>> ScopesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT scope FROM kpi_projection_scope WHERE generation = {LiveGeneration} ORDER BY scope");
        var scopes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scopes.Add(reader.GetString(0));
        }

        return scopes;
    }
}
