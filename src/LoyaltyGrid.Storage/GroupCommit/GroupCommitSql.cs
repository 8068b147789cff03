namespace LoyaltyGrid.Storage.GroupCommit;

/// <summary>
/// The statements of the group-commit provider, over the table and version rules of
/// 0003_grain_state.sql (the ADO.NET provider's queries there): a first write inserts version 1,
/// a later write must present the current version and moves it on by one, a delete must present
/// the current version and answers it plus one. A change whose version does not match returns no row.
/// </summary>
internal static class GroupCommitSql
{
    /// <summary>
    /// A whole batch in one statement: the changes arrive as parallel arrays and come back as
    /// (slot, new version) for those that took effect. No grain appears twice in a batch, so the
    /// three parts never touch the same row.
    /// </summary>
    public const string ApplyBatch = """
        WITH batch AS (
            SELECT *
            FROM unnest(@slot::integer[], @state_name::text[], @key_n0::bigint[], @key_n1::bigint[],
                        @grain_key::text[], @expected::integer[], @payload::text[], @is_delete::boolean[])
                AS b(slot, state_name, key_n0, key_n1, grain_key, expected, payload, is_delete)
        ),
        updated AS (
            UPDATE grain_state g
            SET payload = b.payload::jsonb, version = g.version + 1, written_at = now()
            FROM batch b
            WHERE NOT b.is_delete AND b.expected IS NOT NULL
              AND g.service_id = @service_id AND g.state_name = b.state_name AND g.grain_key = b.grain_key
              AND g.key_n0 = b.key_n0 AND g.key_n1 = b.key_n1 AND g.version = b.expected
            RETURNING b.slot, g.version
        ),
        inserted AS (
            INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, grain_key, version, payload)
            SELECT @service_id, b.state_name, b.key_n0, b.key_n1, b.grain_key, 1, b.payload::jsonb
            FROM batch b
            WHERE NOT b.is_delete AND b.expected IS NULL
            ON CONFLICT DO NOTHING
            RETURNING state_name, key_n0, key_n1, grain_key, version
        ),
        deleted AS (
            DELETE FROM grain_state g
            USING batch b
            WHERE b.is_delete
              AND g.service_id = @service_id AND g.state_name = b.state_name AND g.grain_key = b.grain_key
              AND g.key_n0 = b.key_n0 AND g.key_n1 = b.key_n1 AND g.version = b.expected
            RETURNING b.slot, g.version + 1 AS version
        )
        SELECT slot, version FROM updated
        UNION ALL
        SELECT b.slot, i.version
        FROM inserted i
        JOIN batch b USING (state_name, key_n0, key_n1, grain_key)
        WHERE NOT b.is_delete AND b.expected IS NULL
        UNION ALL
        SELECT slot, version FROM deleted
        """;

    public const string Read = """
        SELECT payload::text, version
        FROM grain_state
        WHERE service_id = @service_id AND state_name = @state_name AND grain_key = @grain_key
          AND key_n0 = @key_n0 AND key_n1 = @key_n1
        """;
}
