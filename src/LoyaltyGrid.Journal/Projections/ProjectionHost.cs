using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyaltyGrid.Journal.Projections;

/// <summary>
/// Runs every registered <see cref="IProjection"/> in this process while it owns it; in a
/// cluster every process runs this, and each projection has one owner at a time.
/// </summary>
internal sealed class ProjectionHost(
    IEnumerable<IProjection> projections,
    NpgsqlDataSource dataSource,
    IOptions<JournalOptions> options,
    JournalCommitSignal committed,
    TimeProvider time,
    JournalMetrics metrics,
    ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = ProjectionNames.Distinct(projections);
        var logger = loggers.CreateLogger<ProjectionHost>();
        return Task.WhenAll(all.Select(projection =>
            new ProjectionRunner(projection, dataSource, options.Value.Projections, committed, time, metrics, logger).RunAsync(stoppingToken)));
    }
}

internal static class ProjectionNames
{
    /// <summary>The projections, refusing two of one name: they would share a checkpoint.</summary>
    public static IReadOnlyList<IProjection> Distinct(IEnumerable<IProjection> projections)
    {
        var all = projections.ToList();
        var twice = all.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidOperationException($"Two projections are named '{twice.Key}'; a name identifies a projection's checkpoint.");
        }

        return all;
    }
}
