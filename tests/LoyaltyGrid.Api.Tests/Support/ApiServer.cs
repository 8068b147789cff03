using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Api.Tests.Support;

/// <summary>
/// One real server process per test class, on a database of its own (see <see cref="ServerFixture"/>),
/// that can also read what it stored of a customer. Subclasses add settings for the few classes
/// that need other limits.
/// </summary>
public class ApiServer : ServerFixture
{
    protected override string Purpose => "api";

    /// <summary>Everything stored of a customer: its journal entries' payloads and its snapshot, as one text; null when nothing is.</summary>
    public async Task<string?> CustomerPayloadAsync(string customerId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(payload, E'\n' ORDER BY ord)
            FROM (SELECT seq AS ord, payload::text AS payload FROM journal WHERE stream = 'c:' || @id
                  UNION ALL
                  SELECT 9223372036854775807, payload::text FROM stream_snapshot WHERE stream = 'c:' || @id) AS stored
            """, connection);
        command.Parameters.AddWithValue("id", customerId);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>The customer's latest snapshot, once its grain stored one (on deactivation or every few events).</summary>
    public async Task<string?> CustomerSnapshotAsync(string customerId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload::text FROM stream_snapshot WHERE stream = 'c:' || @id", connection);
        command.Parameters.AddWithValue("id", customerId);
        return await command.ExecuteScalarAsync() as string;
    }

}
