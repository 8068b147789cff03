using LoyaltyGrid.Domain.Insight;
using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Projections.Insight;

/// <summary>The attribution projection's statements over <c>attribution_total</c> (migration 0042).</summary>
internal static class AttributionSql
{
    /// <summary>Adds a page's sums to their rows, creating rows the page is the first to touch.</summary>
    public static async Task AddAsync(
        long generation, IReadOnlyList<KeyValuePair<AttributionCell, AttributionFigures>> sums, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (sums.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO attribution_total AS t (generation, scope, dimension, bucket, key, variant, visits, converted_sessions, orders, gross_revenue)
            SELECT @generation, s.scope, s.dimension, s.bucket, s.key, s.variant, s.visits, s.converted, s.orders, s.revenue
            FROM unnest(@scopes::text[], @dimensions::text[], @buckets::text[], @keys::text[], @variants::text[],
                        @visits::bigint[], @converted::bigint[], @orders::bigint[], @revenue::numeric[])
                AS s(scope, dimension, bucket, key, variant, visits, converted, orders, revenue)
            ON CONFLICT (generation, scope, dimension, bucket, key, variant) DO UPDATE
                SET visits = t.visits + excluded.visits,
                    converted_sessions = t.converted_sessions + excluded.converted_sessions,
                    orders = t.orders + excluded.orders,
                    gross_revenue = t.gross_revenue + excluded.gross_revenue
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("generation", NpgsqlDbType.Bigint) { TypedValue = generation });
        Text(command, "scopes", sums.Select(sum => sum.Key.Scope));
        Text(command, "dimensions", sums.Select(sum => sum.Key.Dimension));
        Text(command, "buckets", sums.Select(sum => sum.Key.Bucket));
        Text(command, "keys", sums.Select(sum => sum.Key.Key));
        Text(command, "variants", sums.Select(sum => sum.Key.Variant));
        command.Parameters.Add(new NpgsqlParameter<long[]>("visits", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. sums.Select(sum => sum.Value.Visits)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("converted", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. sums.Select(sum => sum.Value.ConvertedSessions)] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("orders", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. sums.Select(sum => sum.Value.Orders)] });
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("revenue", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { TypedValue = [.. sums.Select(sum => sum.Value.GrossRevenue)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM attribution_total WHERE generation = @generation", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long>("generation", NpgsqlDbType.Bigint) { TypedValue = generation });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Text(NpgsqlCommand command, string name, IEnumerable<string> values) =>
        command.Parameters.Add(new NpgsqlParameter<string[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] });
}
