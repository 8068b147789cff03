using System.Text.Json;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Reliability.Tests.Driving;
using LoyaltyGrid.Reliability.Tests.Grid;
using LoyaltyGrid.Testing;
using Npgsql;

namespace LoyaltyGrid.Reliability.Tests.Checks;

/// <summary>
/// What PostgreSQL holds for a set of customers (their streams in the event journal), compared
/// with the driver's log: an acknowledged event missing from the journal is lost, one whose
/// stored receipt moved points where the oracle moved none (or twice) is double-counted. The
/// journal is the record the account is folded from; each entry's receipt is what the grid
/// decided when it accepted the event, including the balance after it.
/// </summary>
public sealed class StoredLedger
{
    private readonly Dictionary<string, List<StoredEntry>> _streams;

    private StoredLedger(Dictionary<string, List<StoredEntry>> streams) => _streams = streams;

    public static async Task<StoredLedger> ReadAsync(string connectionString, IEnumerable<string> customerIds)
    {
        var streams = new Dictionary<string, List<StoredEntry>>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT stream, event_id, (payload::jsonb -> 'receipt')::text
            FROM journal
            WHERE stream = ANY(@streams)
            ORDER BY stream, seq
            """, connection);
        command.Parameters.AddWithValue("streams", customerIds.Select(StreamKeys.Customer).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var customerId = StreamKeys.CustomerIdOf(reader.GetString(0))!;
            if (!streams.TryGetValue(customerId, out var entries))
            {
                streams[customerId] = entries = [];
            }

            entries.Add(new StoredEntry(reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement.Clone()));
        }

        return new StoredLedger(streams);
    }

    /// <summary>The balance as stored: after the customer's last journaled event.</summary>
    public long? BalanceOf(string customerId) =>
        _streams.ContainsKey(customerId) ? BalancesAfterEvents(customerId).LastOrDefault() : null;

    /// <summary>Journaled events with this id whose receipt moved points of this movement kind.</summary>
    public int MovementsOf(string customerId, string eventId, string kind)
    {
        var moved = ReceiptField(kind);
        var reference = $"{TestCredentials.StoreA}/{eventId}";
        return Entries(customerId).Count(entry =>
            Reference(entry.EventId) == reference
            && entry.Receipt.TryGetProperty(moved, out var points) && points.GetInt64() != 0);
    }

    public bool IsRecorded(string customerId, LoyaltyOperation operation) =>
        Entries(customerId).Any(entry => entry.EventId == $"{KindKey(operation.Kind)}:{TestCredentials.StoreA}/{operation.Id}");

    /// <summary>The references (storefront/id) of the customer's events, in the order the grid applied them.</summary>
    public List<string> ReferenceOrder(string customerId) => Entries(customerId).Select(entry => Reference(entry.EventId)).ToList();

    /// <summary>The balance after every journaled event, for the "never negative" check.</summary>
    public IEnumerable<long> BalancesAfterMovements(string customerId) => BalancesAfterEvents(customerId);

    // Receipts of purchases, refunds, reviews and redemptions state the balance after them; the
    // grid's own events state what they changed instead (points a referral earned, points expired).
    private List<long> BalancesAfterEvents(string customerId)
    {
        var balances = new List<long>();
        var balance = 0L;
        foreach (var receipt in Entries(customerId).Select(entry => entry.Receipt))
        {
            if (receipt.TryGetProperty("balance", out var after))
            {
                balance = after.GetInt64();
            }
            else if (receipt.TryGetProperty("pointsExpired", out var expired))
            {
                balance -= expired.GetInt64();
            }
            else if (receipt.TryGetProperty("pointsEarned", out var earned))
            {
                balance += earned.GetInt64();
            }

            balances.Add(balance);
        }

        return balances;
    }

    private List<StoredEntry> Entries(string customerId) => _streams.GetValueOrDefault(customerId) ?? [];

    // Event ids are "{type}:{storefront}/{id}"; the grid's own events (time, erasure) have no reference.
    private static string Reference(string eventId) => eventId[(eventId.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private static string ReceiptField(string movementKind) => movementKind switch
    {
        "earn" => "pointsEarned",
        "reverse" => "pointsReversed",
        _ => "points",
    };

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

/// <summary>One journal entry of a customer: its event id and the receipt the caller got.</summary>
internal sealed record StoredEntry(string EventId, JsonElement Receipt);
