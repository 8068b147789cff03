using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace LoyaltyGrid.Server.Kpis;

/// <summary>Which scope each wall connected to this server watches.</summary>
public sealed class KpiWatchers
{
    private readonly ConcurrentDictionary<string, string> _scopeByConnection = new();
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();
    private volatile bool _stopping;

    /// <summary>False once the server is stopping: a wall that reconnects then must go elsewhere.</summary>
    public bool Connect(HubCallerContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        return !_stopping;
    }

    /// <summary>
    /// Closes every wall connection. A graceful stop waits for open connections, and walls
    /// reconnect at once, so without this a stop with a wall open runs into its timeout.
    /// </summary>
    public void DisconnectAll()
    {
        _stopping = true;
        foreach (var connection in _connections.Values)
        {
            connection.Abort();
        }
    }

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

    /// <summary>The scope the connection watches, or null before its first Watch.</summary>
    public string? ScopeOf(string connectionId) => _scopeByConnection.TryGetValue(connectionId, out var scope) ? scope : null;

    public void Forget(string connectionId)
    {
        _scopeByConnection.TryRemove(connectionId, out _);
        _connections.TryRemove(connectionId, out _);
    }

    public IReadOnlyCollection<string> WatchedScopes() => _scopeByConnection.Values.Distinct().ToList();
}
