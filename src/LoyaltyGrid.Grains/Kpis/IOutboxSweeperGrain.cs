namespace LoyaltyGrid.Grains.Kpis;

/// <summary>The one grain of the cluster (key 0) that wakes grains whose outbox was stranded.</summary>
public interface IOutboxSweeperGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the sweeper's reminder exists; every silo calls it when it starts.</summary>
    Task Start();

    /// <summary>Looks once for stranded outboxes and wakes their grains; returns how many it woke.</summary>
    Task<int> Sweep();
}

/// <summary>A grain whose outbox the sweeper can wake.</summary>
public interface IOutboxOwner : IGrainWithStringKey
{
    /// <summary>Sends whatever the grain still owes; safe to call at any time.</summary>
    Task DeliverPending();
}
