using LoyaltyGrid.Journal;
using LoyaltyGrid.Journal.Projections;
using Npgsql;

namespace LoyaltyGrid.Projections.Delivery;

/// <summary>
/// A projection whose output is calls to grains: what one stream's event owes another grain
/// (a referral award, a session conversion). Each page's calls are made before its checkpoint
/// moves, so a crash at any point repeats calls and never skips one; every receiver is
/// idempotent by the event that caused the call, so each takes effect once.
/// </summary>
public abstract class DeliveryProjection(int parallelism) : IProjection
{
    public abstract string Name { get; }

    public async Task ApplyAsync(ProjectionPage page, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var deliveries = page.Entries.Select(Delivery).OfType<Func<Task>>().ToList();
        // A failed call fails the page: it is retried as a whole, and the calls that already worked are answered as repeats.
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (deliver, _) => await deliver());
    }

    public Task DropGenerationAsync(long generation, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task CommittedAsync(ProjectionPage page, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The call an entry owes, or null when it owes none.</summary>
    protected abstract Func<Task>? Delivery(JournalEntry entry);
}
