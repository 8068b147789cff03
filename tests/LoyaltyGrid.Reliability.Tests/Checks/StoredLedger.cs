using System.Text.Json;
using LoyaltyGrid.Reliability.Tests.Driving;
using LoyaltyGrid.Reliability.Tests.Grid;
using Npgsql;

namespace LoyaltyGrid.Reliability.Tests.Checks;

/// <summary>
/// What PostgreSQL holds for a set of customers (grain_state rows of state 'customer', jsonb),
/// compared with the driver's log: an acknowledged event missing from storage is lost, one
/// stored twice is double-counted.
/// </summary>
public sealed class StoredLedger
{
    private readonly Dictionary<string, JsonElement> _accounts;
    private readonly Dictionary<string, HashSet<string>> _processed;

    private StoredLedger(Dictionary<string, JsonElement> accounts, Dictionary<string, HashSet<string>> processed)
    {
        _accounts = accounts;
        _processed = processed;
    }

    public static async Task<StoredLedger> ReadAsync(string connectionString, IEnumerable<string> customerIds)
    {
        var accounts = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var processed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT grain_key, payload -> 'account', ARRAY(SELECT jsonb_object_keys(payload -> 'processed'))
            FROM grain_state
            WHERE state_name = 'customer' AND grain_key = ANY(@ids)
            """, connection);
        command.Parameters.AddWithValue("ids", customerIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var customerId = reader.GetString(0);
            accounts[customerId] = JsonDocument.Parse(reader.GetString(1)).RootElement.Clone();
            processed[customerId] = new HashSet<string>(reader.GetFieldValue<string[]>(2), StringComparer.Ordinal);
        }

        return new StoredLedger(accounts, processed);
    }

    /// <summary>The balance as stored: the points left in the customer's lots.</summary>
    public long? BalanceOf(string customerId) =>
        _accounts.TryGetValue(customerId, out var account)
            ? account.GetProperty("lots").EnumerateArray().Sum(lot => lot.GetProperty("remaining").GetInt64())
            : null;

    /// <summary>Movements whose reference is this event (ids are stored qualified by the storefront).</summary>
    public int MovementsOf(string customerId, string eventId, string kind)
    {
        if (!_accounts.TryGetValue(customerId, out var account))
        {
            return 0;
        }

        var reference = $"{GridKeys.Storefront}/{eventId}";
        return account.GetProperty("history").EnumerateArray().Count(movement =>
            string.Equals(movement.GetProperty("kind").GetString(), kind, StringComparison.OrdinalIgnoreCase)
            && movement.GetProperty("referenceId").GetString() == reference);
    }

    public bool IsRecorded(string customerId, LoyaltyOperation operation) =>
        _processed.TryGetValue(customerId, out var keys) && keys.Contains($"{KindKey(operation.Kind)}:{GridKeys.Storefront}/{operation.Id}");

    /// <summary>The references of the customer's movements, in the order the grid applied them.</summary>
    public List<string> ReferenceOrder(string customerId) =>
        _accounts.TryGetValue(customerId, out var account)
            ? account.GetProperty("history").EnumerateArray().Select(movement => movement.GetProperty("referenceId").GetString()!).ToList()
            : [];

    /// <summary>Every movement's balance after it was applied, for the "never negative" check.</summary>
    public IEnumerable<long> BalancesAfterMovements(string customerId) =>
        _accounts.TryGetValue(customerId, out var account)
            ? account.GetProperty("history").EnumerateArray().Select(movement => movement.GetProperty("balanceAfter").GetInt64()).ToList()
            : [];

    /// <summary>
    /// Checks every acknowledged event against storage: recorded once as processed, and its
    /// points moved by exactly one movement (none for a refund that found no balance).
    /// </summary>
    public (int Lost, int DoubleCounted, List<string> Details) CompareWith(IEnumerable<OperationOutcome> log, LedgerOracle oracle)
    {
        var lost = 0;
        var doubled = 0;
        var details = new List<string>();
        foreach (var outcome in log.Where(outcome => outcome.Verdict == Verdict.Acknowledged))
        {
            var operation = outcome.Operation;
            var movements = MovementsOf(operation.CustomerId, operation.Id, MovementKind(operation.Kind));
            var expected = oracle.MovedPoints.GetValueOrDefault(operation.Id) > 0 ? 1 : 0;
            if (!IsRecorded(operation.CustomerId, operation) || movements < expected)
            {
                lost++;
                details.Add($"lost: {operation.Kind} {operation.Id} (recorded {IsRecorded(operation.CustomerId, operation)}, movements {movements})");
            }
            else if (movements > expected)
            {
                doubled++;
                details.Add($"double-counted: {operation.Kind} {operation.Id} has {movements} movements");
            }
        }

        return (lost, doubled, details);
    }

    private static string KindKey(OperationKind kind) => kind switch
    {
        OperationKind.Purchase => "purchase",
        OperationKind.Refund => "refund",
        _ => "redemption",
    };

    private static string MovementKind(OperationKind kind) => kind switch
    {
        OperationKind.Purchase => "earn",
        OperationKind.Refund => "reverse",
        _ => "redeem",
    };
}
