using System.Text.Json;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Grains.Journaling;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Silo;

/// <summary>
/// The <c>campaign</c> table (the latest version of each, migration 0031) and
/// <c>campaign_version</c> (every version, migration 0043); a change is announced on <see cref="Channel"/>.
/// </summary>
public sealed class PostgresCampaignStore(NpgsqlDataSource dataSource) : ICampaignStore
{
    /// <summary>The NOTIFY channel every silo's <see cref="CampaignCache"/> listens on.</summary>
    public const string Channel = "campaign_changed";

    public async Task<Campaign> SaveAsync(Campaign campaign, DateTimeOffset savedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        // One statement, so one transaction: the version row, the latest row and the notice commit
        // together, and the notice is delivered after the commit, so a silo that reloads on it
        // finds the new version. The upsert's row lock orders concurrent saves of one campaign.
        // Terms equal to the latest update nothing, so a repeated PUT makes no new version.
        await using var command = dataSource.CreateCommand($"""
            WITH saved AS (
                INSERT INTO campaign AS c (campaign_id, terms, updated_at, version) VALUES ($1, $2, $3, 1)
                ON CONFLICT (campaign_id) DO UPDATE SET terms = EXCLUDED.terms, updated_at = EXCLUDED.updated_at, version = c.version + 1
                WHERE c.terms IS DISTINCT FROM EXCLUDED.terms
                RETURNING campaign_id, version
            ), kept AS (
                INSERT INTO campaign_version (campaign_id, version, terms, saved_at)
                SELECT campaign_id, version, $2, $3 FROM saved
            ), announced AS (
                SELECT pg_notify('{Channel}', campaign_id) FROM saved
            )
            SELECT version FROM saved, announced
            UNION ALL
            SELECT version FROM campaign WHERE campaign_id = $1 AND NOT EXISTS (SELECT FROM saved)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = campaign.CampaignId });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(campaign with { Version = 0 }, JournaledEvent.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = savedAt.ToUniversalTime() });
        var version = await command.ExecuteScalarAsync(cancellationToken) as int?
            ?? throw new InvalidOperationException($"Saving campaign '{campaign.CampaignId}' answered no version.");
        return campaign with { Version = version };
    }

    public Task<IReadOnlyList<Campaign>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("SELECT terms::text, version FROM campaign ORDER BY campaign_id", cancellationToken);

    public Task<IReadOnlyList<Campaign>> ReadAllVersionsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("SELECT terms::text, version FROM campaign_version ORDER BY campaign_id, version", cancellationToken);

    private async Task<IReadOnlyList<Campaign>> ReadAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var campaigns = new List<Campaign>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var terms = JsonSerializer.Deserialize<Campaign>(reader.GetString(0), JournaledEvent.Json)
                ?? throw new InvalidDataException("A stored campaign is empty.");
            campaigns.Add(terms with { Version = reader.GetInt32(1) });
        }

        return campaigns;
    }
}
