using Xunit;

namespace LoyaltyGrid.Testing;

/// <summary>
/// One real server process on a database of its own, configured with the
/// <see cref="TestCredentials"/> as an operator would. Test projects derive from it to add
/// settings (<see cref="Configure"/>) or things to do once the server is up.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private HttpClient? _http;

    public ServerProcess Process { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>A client of its own, longer-lived and more patient than <see cref="ServerProcess.Http"/>, for many requests.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("The server has not started.");

    public ApiClient Api => new(Http);

    /// <summary>Names the test database, so a leftover one says which project made it.</summary>
    protected virtual string Purpose => "server";

    protected virtual TimeSpan StartPatience => TimeSpan.FromSeconds(60);

    /// <summary>Connections the client opens at most; the default has no limit.</summary>
    protected virtual int MaxConnections => int.MaxValue;

    /// <summary>Settings beyond the database and the credentials.</summary>
    protected virtual void Configure(ServerProcessBuilder server)
    {
    }

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateMigratedDatabaseAsync(Purpose);
        var builder = ServerProcess.Configure().WithDatabase(ConnectionString).WithCredentials();
        Configure(builder);
        Process = builder.Start();
        await Process.WaitUntilReadyAsync(StartPatience);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1), MaxConnectionsPerServer = MaxConnections })
        {
            BaseAddress = Process.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>
    /// Kills the process without warning (SIGKILL, an outage) and, after <paramref name="downtime"/>,
    /// starts a new one on the same ports, database and settings.
    /// </summary>
    public async Task KillAndRestartAsync(TimeSpan downtime = default)
    {
        var previous = Process;
        await previous.KillAsync();
        await Task.Delay(downtime);
        Process = ServerProcess.Restart(previous);
        await previous.DisposeAsync();
        await Process.WaitUntilReadyAsync(StartPatience);
    }

    public virtual async Task DisposeAsync()
    {
        _http?.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }
}
