using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests.Support;

/// <summary>
/// Everything the grid has stored, as one comparable text: every grain state row with its
/// version (a write bumps it), every KPI scope and source mark, every reminder.
/// </summary>
public static class StoredState
{
    private const string Query = """
        SELECT coalesce((SELECT string_agg(state_name || '/' || grain_key || '@' || version || ':' || md5(coalesce(payload::text, '')), E'\n' ORDER BY state_name, grain_key) FROM grain_state), '')
            || E'\n--\n' || coalesce((SELECT string_agg(scope || '@' || version || ':' || md5(payload::text), E'\n' ORDER BY scope) FROM kpi_scope), '')
            || E'\n--\n' || coalesce((SELECT string_agg(scope || '/' || source || '@' || seq, E'\n' ORDER BY scope, source) FROM kpi_source_mark), '')
            || E'\n--\n' || coalesce((SELECT string_agg(grain_id || '/' || reminder_name, E'\n' ORDER BY grain_id, reminder_name) FROM reminder), '')
        """;

    public static Task<string> ReadAsync(string connectionString) => Sql.ScalarAsync<string>(connectionString, Query);

    /// <summary>
    /// Waits until the stored state stops changing (KPI contributions and reminders of earlier
    /// requests are written shortly after their responses), and returns it.
    /// </summary>
    public static async Task<string> QuietAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var previous = await ReadAsync(connectionString);
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            var current = await ReadAsync(connectionString);
            if (current != previous)
            {
                (previous, stableSince) = (current, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(2))
            {
                return current;
            }
        }

        throw new TimeoutException("The stored state kept changing for 90 s with no requests being sent.");
    }

    /// <summary>The lines of <paramref name="after"/> that are not in <paramref name="before"/>, for a readable failure.</summary>
    public static string Difference(string before, string after)
    {
        var old = before.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', after.Split('\n').Where(line => !old.Contains(line)).Take(20));
    }
}
