using Npgsql;
using NpgsqlTypes;

namespace LoyaltyGrid.Journal;

/// <summary>Parameters and rows of the journal's statements, shared by the writer, the stream reads and the projection reader.</summary>
internal static class JournalRows
{
    /// <summary>Reads a row of <see cref="JournalSql.EntryColumns"/>.</summary>
    public static JournalEntry ReadEntry(NpgsqlDataReader reader)
    {
        var stream = reader.GetString(0);
        var sequence = reader.GetInt64(1);
        return new JournalEntry(
            stream,
            sequence,
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetString(6),
            new JournalPosition((ulong)reader.GetInt64(7), stream, sequence));
    }

    public static async Task<List<JournalEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    public static void AddTyped<T>(this NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, T value) =>
        parameters.Add(new NpgsqlParameter<T>(name, type) { TypedValue = value });

    public static void AddText(this NpgsqlParameterCollection parameters, string name, string value) =>
        parameters.AddTyped(name, NpgsqlDbType.Text, value);

    public static void AddBigint(this NpgsqlParameterCollection parameters, string name, long value) =>
        parameters.AddTyped(name, NpgsqlDbType.Bigint, value);

    public static void AddTextArray(this NpgsqlParameterCollection parameters, string name, string[] values) =>
        parameters.AddTyped(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values);

    public static void AddBigintArray(this NpgsqlParameterCollection parameters, string name, long[] values) =>
        parameters.AddTyped(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint, values);

    public static void AddTimestampArray(this NpgsqlParameterCollection parameters, string name, DateTimeOffset[] values) =>
        parameters.AddTyped(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, values);

    /// <summary>A position's three parameters (<c>@tx</c> as text for the xid8 cast, <c>@stream</c>, <c>@seq</c>).</summary>
    public static void AddPosition(this NpgsqlParameterCollection parameters, JournalPosition position, string prefix = "")
    {
        parameters.AddText(prefix + "tx", position.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        parameters.AddText(prefix + "stream", position.Stream);
        parameters.AddBigint(prefix + "seq", position.Sequence);
    }

    /// <summary>PostgreSQL stores timestamptz in UTC and Npgsql writes only UTC offsets.</summary>
    public static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}
