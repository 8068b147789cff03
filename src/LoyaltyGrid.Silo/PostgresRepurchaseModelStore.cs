using LoyaltyGrid.Domain.Prediction;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Prediction;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace LoyaltyGrid.Silo;

/// <summary>
/// Customer summaries straight from the event journal (every accepted purchase is a row) and
/// the fits table of migration 0007.
/// </summary>
public sealed class PostgresRepurchaseModelStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IRepurchaseModelStore
{
    // Purchase occasions are distinct UTC days of accepted purchases (a refund does not undo the
    // occasion) before asOf, from purchase rows and from the purchases a customer carried over
    // from the release before the journal; erased customers are left out as they are from reads.
    // x = occasions − 1, t_x = last − first day, T = asOf − start of the first day; in days here,
    // weeks in the domain.
    private const string SummariesSql = $"""
        WITH purchase_day AS (
            SELECT j.stream, (j.occurred_at AT TIME ZONE 'UTC')::date AS day
            FROM journal j
            WHERE j.type = '{CustomerEventTypes.Purchase}' AND j.occurred_at < $1
            UNION ALL
            SELECT j.stream, ((p.value ->> 'occurredAt')::timestamptz AT TIME ZONE 'UTC')::date
            FROM journal j
            CROSS JOIN LATERAL jsonb_each(j.payload::jsonb -> 'command' -> 'purchases') AS p
            WHERE j.type = '{CustomerEventTypes.Imported}' AND (p.value ->> 'occurredAt')::timestamptz < $1
        )
        SELECT count(DISTINCT day)::integer - 1,
               (max(day) - min(day))::double precision,
               extract(epoch FROM $1 - (min(day)::timestamp AT TIME ZONE 'UTC'))::double precision / 86400
        FROM purchase_day d
        WHERE NOT EXISTS (SELECT 1 FROM journal e WHERE e.stream = d.stream AND e.event_id = '{CustomerEventTypes.Erasure}')
        GROUP BY d.stream
        """;

    public async Task<IReadOnlyList<RepeatSummary>> ReadSummariesAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SummariesSql);
        command.Parameters.Add(new NpgsqlParameter { Value = asOf.ToUniversalTime() });
        var summaries = new List<RepeatSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            summaries.Add(RepeatSummary.Create(
                reader.GetInt32(0),
                reader.GetDouble(1) / RepeatSummary.DaysPerWeek,
                reader.GetDouble(2) / RepeatSummary.DaysPerWeek));
        }

        return summaries;
    }

    public async Task SaveAsync(RepurchaseModelFit fit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO repurchase_model_fit
                (service_id, fitted_at, as_of, r, alpha, a, b, customers, log_likelihood,
                 expected_purchases_30d, expected_purchases_90d, customers_likely_lost)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """);
        foreach (var value in new object[]
        {
            cluster.Value.ServiceId, fit.FittedAt.ToUniversalTime(), fit.AsOf.ToUniversalTime(),
            fit.Parameters.R, fit.Parameters.Alpha, fit.Parameters.A, fit.Parameters.B,
            fit.Customers, fit.LogLikelihood, fit.ExpectedPurchases30d, fit.ExpectedPurchases90d, fit.CustomersLikelyLost,
        })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<RepurchaseModelFit?> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT fitted_at, as_of, r, alpha, a, b, customers, log_likelihood,
                   expected_purchases_30d, expected_purchases_90d, customers_likely_lost
            FROM repurchase_model_fit
            WHERE service_id = $1
            ORDER BY id DESC
            LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new RepurchaseModelFit(
            reader.GetFieldValue<DateTimeOffset>(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            BgNbdParameters.Create(reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)),
            reader.GetInt32(6),
            reader.GetDouble(7),
            reader.GetDouble(8),
            reader.GetDouble(9),
            reader.GetInt64(10));
    }
}
