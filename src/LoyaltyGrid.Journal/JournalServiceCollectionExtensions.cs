using LoyaltyGrid.Journal.Due;
using LoyaltyGrid.Journal.Projections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.Journal;

public static class JournalServiceCollectionExtensions
{
    /// <summary>
    /// The event journal on the <see cref="NpgsqlDataSource"/> registered in <paramref name="services"/>,
    /// with options from the <c>Journal</c> section.
    /// </summary>
    public static IServiceCollection AddLoyaltyGridJournal(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<JournalOptions>()
            .Bind(configuration.GetSection(JournalOptions.SectionName))
            .Validate(options =>
            {
                options.Validate();
                return true;
            });
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<JournalMetrics>();
        services.TryAddSingleton<JournalCommitSignal>();
        services.TryAddSingleton(provider => new PostgresEventJournal(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<IOptions<JournalOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<JournalMetrics>(),
            provider.GetRequiredService<JournalCommitSignal>(),
            provider.GetRequiredService<ILogger<PostgresEventJournal>>()));
        services.TryAddSingleton<IEventJournal>(provider => provider.GetRequiredService<PostgresEventJournal>());

        // Projections are registered by whoever defines them (services.AddSingleton<IProjection, …>);
        // the host runs those it finds, and runs nothing when there are none.
        services.TryAddSingleton<IProjectionControl, PostgresProjectionControl>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ProjectionHost>());

        // Registered always, but it sweeps only where an IDueStreamWaker is registered (before or
        // after this call): a process without stream owners has nothing to wake.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DueSweeper>());
        return services;
    }
}
