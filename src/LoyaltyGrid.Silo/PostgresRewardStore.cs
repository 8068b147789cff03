using LoyaltyGrid.Grains.Rewards;
using Npgsql;

namespace LoyaltyGrid.Silo;

/// <summary>The reward, reward_claim and coupon tables of migration 0030.</summary>
public sealed class PostgresRewardStore(NpgsqlDataSource dataSource) : IRewardStore, ICouponStore
{
    private const string Columns = "reward_id, name, points_cost, value, currency, valid_days, remaining, active";

    public async Task<RewardView?> LoadAsync(string rewardId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM reward WHERE reward_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = rewardId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<RewardView> SaveAsync(string rewardId, RewardTerms terms, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO reward (reward_id, name, points_cost, value, currency, valid_days, remaining, active, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (reward_id) DO UPDATE SET
                name = excluded.name, points_cost = excluded.points_cost, value = excluded.value,
                currency = excluded.currency, valid_days = excluded.valid_days, remaining = excluded.remaining,
                active = excluded.active, updated_at = excluded.updated_at
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = rewardId });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.PointsCost });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.Currency });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.ValidDays });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = terms.Stock });
        command.Parameters.Add(new NpgsqlParameter { Value = terms.Active });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<(bool Taken, long? Remaining)> TakeAsync(string rewardId, StockRequest request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The decision row first: a second asker of the same claim waits here for the first one's
        // commit, then finds its decision instead of taking stock again.
        await using (var decide = new NpgsqlCommand("""
            INSERT INTO reward_claim (customer_id, claim_id, reward_id, taken, decided_at)
            VALUES ($1, $2, $3, false, $4)
            ON CONFLICT (customer_id, claim_id) DO NOTHING
            """, connection, transaction))
        {
            decide.Parameters.Add(new NpgsqlParameter { Value = request.CustomerId });
            decide.Parameters.Add(new NpgsqlParameter { Value = request.ClaimId });
            decide.Parameters.Add(new NpgsqlParameter { Value = rewardId });
            decide.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
            if (await decide.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                var stored = await StoredDecisionAsync(connection, transaction, request, cancellationToken);
                var left = await RemainingAsync(connection, transaction, rewardId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (stored, left);
            }
        }

        long? remaining;
        bool taken;
        await using (var take = new NpgsqlCommand("""
            UPDATE reward SET remaining = remaining - 1
            WHERE reward_id = $1 AND (remaining IS NULL OR remaining > 0)
            RETURNING remaining
            """, connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = rewardId });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            taken = await reader.ReadAsync(cancellationToken);
            remaining = taken ? (reader.IsDBNull(0) ? null : reader.GetInt64(0)) : 0;
        }

        if (taken)
        {
            await using (var mark = new NpgsqlCommand("UPDATE reward_claim SET taken = true WHERE customer_id = $1 AND claim_id = $2", connection, transaction))
            {
                mark.Parameters.Add(new NpgsqlParameter { Value = request.CustomerId });
                mark.Parameters.Add(new NpgsqlParameter { Value = request.ClaimId });
                await mark.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var issue = new NpgsqlCommand("""
                INSERT INTO coupon (code, customer_id, claim_id, reward_id, value, currency, issued_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, connection, transaction);
            issue.Parameters.Add(new NpgsqlParameter { Value = request.CouponCode });
            issue.Parameters.Add(new NpgsqlParameter { Value = request.CustomerId });
            issue.Parameters.Add(new NpgsqlParameter { Value = request.ClaimId });
            issue.Parameters.Add(new NpgsqlParameter { Value = rewardId });
            issue.Parameters.Add(new NpgsqlParameter { Value = request.Value });
            issue.Parameters.Add(new NpgsqlParameter { Value = request.Currency });
            issue.Parameters.Add(new NpgsqlParameter { Value = request.IssuedAt.ToUniversalTime() });
            issue.Parameters.Add(new NpgsqlParameter { Value = request.ExpiresAt.ToUniversalTime() });
            await issue.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (taken, remaining);
    }

    public async Task<IReadOnlyList<RewardView>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM reward WHERE active ORDER BY reward_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rewards = new List<RewardView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rewards.Add(Read(reader));
        }

        return rewards;
    }

    public async Task<CouponRedemption> RedeemAsync(string code, string storefront, string orderId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // PostgreSQL keeps microseconds: the first answer must say what a duplicate will read back.
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        // The UPDATE alone decides: concurrent redeemers of one code queue on its row lock, and
        // every one after the first finds it redeemed when PostgreSQL re-checks the condition.
        await using (var redeem = dataSource.CreateCommand("""
            UPDATE coupon SET redeemed_storefront = $2, redeemed_order = $3, redeemed_at = $4
            WHERE code = $1 AND redeemed_order IS NULL AND expires_at > $4
            RETURNING value, currency, expires_at, customer_id, claim_id
            """))
        {
            redeem.Parameters.Add(new NpgsqlParameter { Value = code });
            redeem.Parameters.Add(new NpgsqlParameter { Value = storefront });
            redeem.Parameters.Add(new NpgsqlParameter { Value = orderId });
            redeem.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
            await using var reader = await redeem.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new CouponRedemption(CouponRedemptionStatus.Redeemed, code, reader.GetDecimal(0), reader.GetString(1), orderId, now,
                    reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4));
            }
        }

        // A statement of its own, so it sees the redemption that won (read committed).
        await using var read = dataSource.CreateCommand("""
            SELECT value, currency, expires_at, redeemed_storefront, redeemed_order, redeemed_at, customer_id, claim_id FROM coupon WHERE code = $1
            """);
        read.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var row = await read.ExecuteReaderAsync(cancellationToken);
        if (!await row.ReadAsync(cancellationToken))
        {
            return new CouponRedemption(CouponRedemptionStatus.Unknown, code, 0m, "", null, null, null);
        }

        var (value, currency, expiresAt) = (row.GetDecimal(0), row.GetString(1), row.GetFieldValue<DateTimeOffset>(2));
        if (row.IsDBNull(4))
        {
            return new CouponRedemption(CouponRedemptionStatus.Expired, code, value, currency, null, null, expiresAt);
        }

        var (byStorefront, byOrder, at) = (row.GetString(3), row.GetString(4), row.GetFieldValue<DateTimeOffset>(5));
        var status = byStorefront == storefront && byOrder == orderId ? CouponRedemptionStatus.Duplicate : CouponRedemptionStatus.AlreadyRedeemed;
        return new CouponRedemption(status, code, value, currency, byOrder, at, expiresAt, row.GetString(6), row.GetString(7));
    }

    public async Task<int> EraseAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM coupon WHERE customer_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = customerId });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> StoredDecisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StockRequest request, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT taken FROM reward_claim WHERE customer_id = $1 AND claim_id = $2", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = request.CustomerId });
        command.Parameters.Add(new NpgsqlParameter { Value = request.ClaimId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long?> RemainingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string rewardId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT remaining FROM reward WHERE reward_id = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = rewardId });
        return await command.ExecuteScalarAsync(cancellationToken) is long remaining ? remaining : null;
    }

    private static RewardView Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetDecimal(3),
        reader.GetString(4),
        reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetInt64(6),
        reader.GetBoolean(7));
}
