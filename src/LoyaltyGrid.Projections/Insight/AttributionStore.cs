using LoyaltyGrid.Domain.Insight;
using Npgsql;

namespace LoyaltyGrid.Projections.Insight;

/// <summary>One row of attribution totals as read: its key (channel, campaign or experiment id), variant and figures.</summary>
public sealed record AttributionRow(string Key, string Variant, AttributionFigures Figures);

/// <summary>Reads the live generation of the attribution projection's output.</summary>
public sealed class AttributionStore(NpgsqlDataSource dataSource)
{
    private const string LiveGeneration = $"""
        (SELECT generation FROM projection_checkpoint WHERE name = '{AttributionProjection.ProjectionName}' AND live)
        """;

    /// <summary>Every channel or campaign of a scope and bucket that counts anything, ordered by key.</summary>
    public Task<IReadOnlyList<AttributionRow>> GroupsAsync(string scope, string dimension, string bucket, CancellationToken cancellationToken = default) =>
        ReadAsync($"""
            SELECT key, variant, visits, converted_sessions, orders, gross_revenue FROM attribution_total
            WHERE generation = {LiveGeneration} AND scope = $1 AND dimension = $2 AND bucket = $3
              AND (visits <> 0 OR converted_sessions <> 0 OR orders <> 0 OR gross_revenue <> 0)
            ORDER BY key COLLATE "C", variant COLLATE "C"
            """, [scope, dimension, bucket], cancellationToken);

    /// <summary>An experiment's variants in a scope (all-time), ordered by variant; empty when no session was assigned.</summary>
    public Task<IReadOnlyList<AttributionRow>> ExperimentAsync(string scope, string experiment, CancellationToken cancellationToken = default) =>
        ReadAsync($"""
            SELECT key, variant, visits, converted_sessions, orders, gross_revenue FROM attribution_total
            WHERE generation = {LiveGeneration} AND scope = $1 AND dimension = '{AttributionDimensions.Experiment}' AND bucket = 'all' AND key = $2
              AND (visits <> 0 OR converted_sessions <> 0 OR orders <> 0 OR gross_revenue <> 0)
            ORDER BY variant COLLATE "C"
            """, [scope, experiment], cancellationToken);

    /// <summary>Whether any session of any scope was ever assigned to the experiment (an unknown one is a 404).</summary>
    public async Task<bool> ExperimentExistsAsync(string experiment, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT EXISTS (SELECT 1 FROM attribution_total
                           WHERE generation = {LiveGeneration} AND scope = 'grid' AND dimension = '{AttributionDimensions.Experiment}' AND bucket = 'all' AND key = $1 AND visits <> 0)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = experiment });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private async Task<IReadOnlyList<AttributionRow>> ReadAsync(string sql, string[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<AttributionRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AttributionRow(reader.GetString(0), reader.GetString(1),
                new AttributionFigures(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetDecimal(5))));
        }

        return rows;
    }
}
