namespace LoyaltyGrid.Grains.Kpis;

/// <summary>A stored grain that still owes messages to other grains.</summary>
public sealed record OwingGrain(string StateName, string Key);

/// <summary>
/// Finds, in stored state, grains whose outbox has owed messages for longer than a grain that is
/// alive ever takes to deliver them: the ones whose activation died with the messages unsent.
/// </summary>
public interface IOwingGrainFinder
{
    Task<IReadOnlyList<OwingGrain>> FindAsync(TimeSpan owingFor, int limit, CancellationToken cancellationToken = default);
}
