using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoyaltyGrid.Journal.Tests;

/// <summary>
/// What a silo would hold of the journal, built through <see cref="JournalServiceCollectionExtensions.AddLoyaltyGridJournal"/>
/// on a test database: several on one database stand for several processes of a cluster.
/// </summary>
internal sealed class JournalHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly NpgsqlDataSource _dataSource;
    private List<IHostedService>? _started;

    private JournalHost(ServiceProvider services, NpgsqlDataSource dataSource)
    {
        _services = services;
        _dataSource = dataSource;
    }

    public IServiceProvider Services => _services;

    public PostgresEventJournal Journal => _services.GetRequiredService<PostgresEventJournal>();

    public static JournalHost Create(string connectionString, Action<IServiceCollection>? configure = null, params (string Key, string Value)[] settings)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("JOURNAL_TEST_LOG") is not null)
            {
                logging.AddConsole();
            }
        });
        services.AddSingleton(dataSource);
        services.AddLoyaltyGridJournal(configuration);
        configure?.Invoke(services);
        return new JournalHost(services.BuildServiceProvider(), dataSource);
    }

    /// <summary>Starts the hosted services (projection runner, due sweeper) as a host would.</summary>
    public async Task StartAsync()
    {
        _started = [.. _services.GetServices<IHostedService>()];
        foreach (var service in _started)
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>Stops the hosted services, as a process shutting down would; the writer keeps working.</summary>
    public async Task StopAsync()
    {
        foreach (var service in Enumerable.Reverse(_started ?? []))
        {
            await service.StopAsync(CancellationToken.None);
        }

        _started = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
