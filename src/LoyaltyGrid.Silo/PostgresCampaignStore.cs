using System.Runtime.CompilerServices;
using System.Text.Json;
using LoyaltyGrid.Domain.Campaigns;
using LoyaltyGrid.Grains.Campaigns;
using LoyaltyGrid.Grains.Journaling;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Silo;

/// <summary>
/// The <c>campaign</c> table (the latest version of each, migration 0031) and
/// <c>campaign_version</c> (every version and its catalog revision, migrations 0043 and 0044); a
/// change is announced on <see cref="Channel"/>.
/// </summary>
public sealed class PostgresCampaignStore(NpgsqlDataSource dataSource) : ICampaignStore
{
    /// <summary>The NOTIFY channel every silo's <see cref="CampaignCache"/> listens on.</summary>
    public const string Channel = "campaign_changed";

    public async Task<Campaign> SaveAsync(Campaign campaign, DateTimeOffset savedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Saves wait for each other here (readers do not): the next statement then sees every
        // earlier revision committed, and this one commits before any later one is drawn, so a
        // read of campaign_version never has a revision without all below it (migration 0044).
        await using (var serialize = new NpgsqlCommand("LOCK TABLE campaign_version IN SHARE ROW EXCLUSIVE MODE", connection, transaction))
        {
            await serialize.ExecuteNonQueryAsync(cancellationToken);
        }

        // The version row, the latest row and the notice commit together, and the notice is
        // delivered after the commit, so a silo that reloads on it finds the new version. Terms
        // equal to the latest update nothing, so a repeated PUT makes no new version.
        await using var command = new NpgsqlCommand($"""
            WITH saved AS (
                INSERT INTO campaign AS c (campaign_id, terms, updated_at, version) VALUES ($1, $2, $3, 1)
                ON CONFLICT (campaign_id) DO UPDATE SET terms = EXCLUDED.terms, updated_at = EXCLUDED.updated_at, version = c.version + 1
                WHERE c.terms IS DISTINCT FROM EXCLUDED.terms
                RETURNING campaign_id, version
            ), kept AS (
                INSERT INTO campaign_version (campaign_id, version, terms, saved_at, revision)
                SELECT campaign_id, version, $2, $3, (SELECT coalesce(max(revision), 0) + 1 FROM campaign_version) FROM saved
            ), announced AS (
                SELECT pg_notify('{Channel}', campaign_id) FROM saved
            )
            SELECT version FROM saved, announced
            UNION ALL
            SELECT version FROM campaign WHERE campaign_id = $1 AND NOT EXISTS (SELECT FROM saved)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = campaign.CampaignId });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(campaign with { Version = 0 }, JournaledEvent.Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = savedAt.ToUniversalTime() });
        var version = await command.ExecuteScalarAsync(cancellationToken) as int?
            ?? throw new InvalidOperationException($"Saving campaign '{campaign.CampaignId}' answered no version.");
        await transaction.CommitAsync(cancellationToken);
        return campaign with { Version = version };
    }

    public async Task<IReadOnlyList<Campaign>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var campaigns = new List<Campaign>();
        await foreach (var (terms, _) in ReadAsync("SELECT terms::text, version, 0::bigint FROM campaign ORDER BY campaign_id", cancellationToken))
        {
            campaigns.Add(terms);
        }

        return campaigns;
    }

    public async Task<IReadOnlyList<CampaignRevision>> ReadAllRevisionsAsync(CancellationToken cancellationToken = default)
    {
        var revisions = new List<CampaignRevision>();
        await foreach (var (terms, revision) in ReadAsync("SELECT terms::text, version, revision FROM campaign_version ORDER BY revision", cancellationToken))
        {
            revisions.Add(new CampaignRevision(revision, terms));
        }

        return revisions;
    }

    private async IAsyncEnumerable<(Campaign Terms, long Revision)> ReadAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var terms = JsonSerializer.Deserialize<Campaign>(reader.GetString(0), JournaledEvent.Json)
                ?? throw new InvalidDataException("A stored campaign is empty.");
            yield return (terms with { Version = reader.GetInt32(1) }, reader.GetInt64(2));
        }
    }
}
