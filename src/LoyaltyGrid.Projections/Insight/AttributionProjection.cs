using LoyaltyGrid.Domain.Insight;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Grains.Visits;
using LoyaltyGrid.Journal;
using LoyaltyGrid.Journal.Projections;
using Npgsql;

namespace LoyaltyGrid.Projections.Insight;

/// <summary>
/// Folds the attribution differences sessions journaled, and the purchases that carried no
/// session (counted under <c>direct</c>), into <c>attribution_total</c>. The sums of a page are
/// added in the transaction that moves the checkpoint, so each difference counts once, also
/// across a crash of the silo running the projection; a rebuild re-adds them into a new generation.
/// </summary>
public sealed class AttributionProjection : IProjection
{
    public const string ProjectionName = "attribution";

    public string Name => ProjectionName;

    public async Task ApplyAsync(ProjectionPage page, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<AttributionCell, AttributionFigures>();
        foreach (var entry in page.Entries)
        {
            foreach (var delta in DeltasOf(entry))
            {
                sums[delta.Cell] = sums.GetValueOrDefault(delta.Cell) + delta.Change;
            }
        }

        await AttributionSql.AddAsync(page.Generation, [.. sums.Where(sum => !sum.Value.IsZero)], connection, transaction, cancellationToken);
    }

    public Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        AttributionSql.DropGenerationAsync(generation, connection, transaction, cancellationToken);

    // Readers query the table; nothing caches it.
    public Task CommittedAsync(ProjectionPage page, CancellationToken cancellationToken) => Task.CompletedTask;

    private static IReadOnlyList<AttributionDelta> DeltasOf(JournalEntry entry)
    {
        switch (entry.Type)
        {
            case SessionEventTypes.Visit or SessionEventTypes.Conversion when entry.Stream.StartsWith(StreamKeys.SessionPrefix, StringComparison.Ordinal):
                return SessionEvent.AttributionOf(entry.Payload);
            case CustomerEventTypes.Purchase:
                return CustomerEvent.DirectOf(entry.Payload) is { } direct
                    ? SessionAttribution.DirectOrder(direct.Storefront, direct.Market, direct.OccurredAt, direct.Amount)
                    : [];
            default:
                return [];
        }
    }
}
