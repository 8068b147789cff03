using System.Collections.Concurrent;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>Which scope each wall connected to this server watches.</summary>
public sealed class KpiWatchers
{
    private readonly ConcurrentDictionary<string, string> _scopeByConnection = new();

    /// <summary>Records the connection's scope; returns the one it watched before, if any.</summary>
    public string? Watch(string connectionId, string scope)
    {
        string? previous = null;
        _scopeByConnection.AddOrUpdate(connectionId, scope, (_, old) =>
        {
            previous = old;
            return scope;
        });
        return previous;
    }

    public void Forget(string connectionId) => _scopeByConnection.TryRemove(connectionId, out _);

    public IReadOnlyCollection<string> WatchedScopes() => _scopeByConnection.Values.Distinct().ToList();
}
