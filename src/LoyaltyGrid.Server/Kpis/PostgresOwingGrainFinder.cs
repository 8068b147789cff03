using LoyaltyGrid.Grains.Kpis;
using LoyaltyGrid.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>Finds stranded outboxes through the partial index of migration 0008.</summary>
public sealed class PostgresOwingGrainFinder(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IOwingGrainFinder
{
    public async Task<IReadOnlyList<OwingGrain>> FindAsync(TimeSpan owingFor, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT state_name, grain_key FROM grain_state
            WHERE service_id = $1 AND (payload->>'owesMessages') = 'true' AND written_at < now() - $2
            ORDER BY written_at
            LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = owingFor });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var owing = new List<OwingGrain>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            owing.Add(new OwingGrain(reader.GetString(0), StringKeyedGrainStorage.GrainKeyOf(reader.GetString(1))));
        }

        return owing;
    }
}
