using System.Text.Json;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Grains.Journaling;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Silo;

/// <summary>The <c>campaign</c> table of migration 0031; a change is announced on <see cref="Channel"/>.</summary>
public sealed class PostgresCampaignStore(NpgsqlDataSource dataSource) : ICampaignStore
{
    /// <summary>The NOTIFY channel every silo's <see cref="CampaignCache"/> listens on.</summary>
    public const string Channel = "campaign_changed";

    public async Task SaveAsync(Campaign campaign, DateTimeOffset savedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        // One statement, so one transaction: the notice is delivered only if the row commits, and
        // after it, so a silo that reloads on it always finds the new terms.
        await using var command = dataSource.CreateCommand($"""
            WITH saved AS (
                INSERT INTO campaign (campaign_id, terms, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (campaign_id) DO UPDATE SET terms = EXCLUDED.terms, updated_at = EXCLUDED.updated_at
                RETURNING campaign_id)
            SELECT pg_notify('{Channel}', campaign_id) FROM saved
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = campaign.CampaignId });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(campaign, JournaledEvent.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = savedAt.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Campaign>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT terms::text FROM campaign ORDER BY campaign_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var campaigns = new List<Campaign>();
        while (await reader.ReadAsync(cancellationToken))
        {
            campaigns.Add(JsonSerializer.Deserialize<Campaign>(reader.GetString(0), JournaledEvent.Json)
                ?? throw new InvalidDataException("A stored campaign is empty."));
        }

        return campaigns;
    }
}
