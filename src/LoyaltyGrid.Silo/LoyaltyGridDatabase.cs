using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Postgres.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoyaltyGrid.Silo;

/// <summary>
/// The database this process runs on: the configured one, or a private server it starts itself
/// when none is configured. Either way the schema is migrated before Orleans starts, because the
/// Orleans providers read their queries from it at start-up.
/// </summary>
public sealed class LoyaltyGridDatabase : IAsyncDisposable
{
    public const string ConnectionStringName = "LoyaltyGrid";

    private readonly EmbeddedPostgres? _embedded;

    private LoyaltyGridDatabase(NpgsqlDataSource dataSource, EmbeddedPostgres? embedded)
    {
        DataSource = dataSource;
        _embedded = embedded;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The private server's folder, when this process runs on one.</summary>
    public string? EmbeddedDirectory => _embedded?.RootDirectory;

    public static async Task<LoyaltyGridDatabase> OpenAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        EmbeddedPostgres? embedded = null;
        string connectionString;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            logger.LogInformation("Using the PostgreSQL server of ConnectionStrings:{Name}", ConnectionStringName);
            connectionString = configured;
        }
        else
        {
            var options = configuration.GetSection(EmbeddedPostgresOptions.SectionName).Get<EmbeddedPostgresOptions>() ?? new EmbeddedPostgresOptions();
            logger.LogInformation(
                "No ConnectionStrings:{Name} configured: running on a private PostgreSQL in {Directory} (embedded default)",
                ConnectionStringName, Path.GetFullPath(options.DataDirectory));
            embedded = new EmbeddedPostgres(options, logger);
            try
            {
                connectionString = await embedded.StartAsync(cancellationToken);
            }
            catch
            {
                await embedded.DisposeAsync();
                throw;
            }
        }

        var dataSource = NpgsqlDataSource.Create(Tuned(connectionString));
        var database = new LoyaltyGridDatabase(dataSource, embedded);
        try
        {
            logger.LogInformation("Checking the database schema");
            await new SchemaMigrator(dataSource, logger).MigrateAsync(cancellationToken);
            // Before Orleans starts: no grain may read a customer whose state is still legacy.
            await new LegacyStateImport(dataSource, TimeProvider.System, logger).RunAsync(cancellationToken);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return database;
    }

    /// <summary>
    /// Pooled connections are only ever used by LoyaltyGrid's own code, which leaves no session
    /// state behind (the migration lock is released explicitly), so resetting every returned
    /// connection with DISCARD ALL only costs a statement per use and throws away the prepared
    /// statements that keep the hot queries cheap. An operator's explicit setting still wins.
    /// </summary>
    private static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        // Without it every statement is parsed and planned on each use; a profile of purchases
        // showed planning (the journal is partitioned, so planning expands 8 partitions) as about
        // a third of PostgreSQL's CPU. Statements used a few times are prepared per connection.
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>Closes connections, then stops the private server if this process started it.</summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
