using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoyaltyGrid.Postgres.Embedded;

/// <summary>
/// A private PostgreSQL server in a folder this process owns, made from the machine's own
/// PostgreSQL programs: created on first start, reused on the next, listening on loopback only,
/// with a generated password kept beside the data.
/// </summary>
/// <remarks>
/// The server is started with pg_ctl, so it outlives this process if this process is killed; the
/// next start finds it running and adopts it instead of starting a second one. The process that
/// owns the server (recorded in <c>owner.pid</c>) stops it on <see cref="DisposeAsync"/>; a process
/// that finds the owner gone takes ownership, and one that finds the owner alive (another silo on
/// the same folder) leaves the server to it.
/// </remarks>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "loyaltygrid";

    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly CommandRunner _runner = new();
    private PostgresBinaries? _binaries;
    private bool _owned;

    public EmbeddedPostgres(EmbeddedPostgresOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        RootDirectory = Path.GetFullPath(options.DataDirectory);
        ClusterDirectory = Path.Combine(RootDirectory, "postgres");
    }

    /// <summary>The folder this server owns.</summary>
    public string RootDirectory { get; }

    /// <summary>PostgreSQL's own data folder (PGDATA), inside <see cref="RootDirectory"/>.</summary>
    public string ClusterDirectory { get; }

    public int Port { get; private set; }

    public string ConnectionString { get; private set; } = "";

    private string PasswordFile => Path.Combine(RootDirectory, "postgres.password");

    private string ServerLog => Path.Combine(ClusterDirectory, "server.log");

    private string OwnerFile => Path.Combine(RootDirectory, "owner.pid");

    /// <summary>Creates (first time), starts or adopts the server and makes sure the database exists.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken = default)
    {
        _binaries = PostgresBinaries.Find(_options.BinDirectory) ?? throw new EmbeddedPostgresException(
            "No PostgreSQL server programs (initdb, pg_ctl, postgres) were found on PATH or in /usr/lib/postgresql/*/bin. " +
            "Install them (Debian/Ubuntu: 'apt-get install postgresql'), set EmbeddedPostgres:BinDirectory to their folder, " +
            "or point LoyaltyGrid at a PostgreSQL server with ConnectionStrings__LoyaltyGrid.");

        Directory.CreateDirectory(RootDirectory);
        // The server runs as another user when we are root; it must be able to reach its folder.
        SetMode(RootDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
        {
            await InitializeClusterAsync(cancellationToken);
        }

        var password = await File.ReadAllTextAsync(PasswordFile, cancellationToken);
        var runningPort = await FindRunningServerPortAsync(cancellationToken);
        if (runningPort is int port)
        {
            Port = port;
            _owned = !IsOwnerAlive();
            _logger.LogInformation(
                _owned
                    ? "Private PostgreSQL in {Directory} was left running on 127.0.0.1:{Port} by a process that is gone; taking it over"
                    : "Private PostgreSQL in {Directory} is already running on 127.0.0.1:{Port} for another LoyaltyGrid process; sharing it",
                ClusterDirectory, Port);
        }
        else
        {
            Port = _options.Port;
            await StartServerAsync(cancellationToken);
            _owned = true;
        }

        if (_owned)
        {
            await File.WriteAllTextAsync(OwnerFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = password.Trim(),
            Database = "postgres",
            // The launcher's own few connections must not linger in a pool after a restart.
            Pooling = false,
        };
        await WaitUntilAcceptingConnectionsAsync(builder.ConnectionString, cancellationToken);
        await EnsureDatabaseAsync(builder.ConnectionString, _options.Database, cancellationToken);

        builder.Database = _options.Database;
        builder.Pooling = true;
        ConnectionString = builder.ConnectionString;
        return ConnectionString;
    }

    /// <summary>Stops the server if this instance started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_owned || _binaries is null)
        {
            return;
        }

        _owned = false;
        File.Delete(OwnerFile);
        _logger.LogInformation("Stopping private PostgreSQL on 127.0.0.1:{Port}", Port);
        var result = await _runner.RunAsync(_binaries.PgCtl, ["stop", "-D", ClusterDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
        if (result.ExitCode != 0)
        {
            _logger.LogWarning("pg_ctl stop failed with exit code {ExitCode}: {Output}", result.ExitCode, result.Output.Trim());
        }
        else
        {
            _logger.LogInformation("Private PostgreSQL stopped; its data stays in {Directory}", ClusterDirectory);
        }

        // Pooled connections to the stopped server are dead; a later start must not be handed one.
        await using var pooled = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(pooled);
    }

    private async Task InitializeClusterAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("Creating a private PostgreSQL cluster in {Directory} with {Binaries}", ClusterDirectory, _binaries!.Directory);

        // A half-made folder from an interrupted first start would make initdb refuse to run.
        if (Directory.Exists(ClusterDirectory))
        {
            Directory.Delete(ClusterDirectory, recursive: true);
        }

        Directory.CreateDirectory(ClusterDirectory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        SetMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // initdb reads the password from a file it can open as the service user; it lives
        // inside the new cluster folder only for as long as initdb runs.
        var initPasswordFile = Path.Combine(RootDirectory, $"initdb-{Guid.NewGuid():N}.pw");
        await File.WriteAllTextAsync(initPasswordFile, password, cancellationToken);
        try
        {
            await _runner.GiveToServiceUserAsync(ClusterDirectory, cancellationToken);
            await _runner.GiveToServiceUserAsync(initPasswordFile, cancellationToken);
            var result = await _runner.RunAsync(_binaries.InitDb,
            [
                "-D", ClusterDirectory,
                "-U", SuperUser,
                "--pwfile", initPasswordFile,
                "--auth", "scram-sha-256",
                "-E", "UTF8",
                "--no-locale",
            ], cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new EmbeddedPostgresException($"initdb failed (exit code {result.ExitCode}): {result.Output.Trim()}");
            }
        }
        finally
        {
            File.Delete(initPasswordFile);
        }

        // Loopback TCP only: no Unix socket folder to share with a system PostgreSQL, nothing
        // reachable from another machine. The port is given at each start, so it can change.
        await File.AppendAllTextAsync(Path.Combine(ClusterDirectory, "postgresql.conf"), """

            # Written by LoyaltyGrid for its private server.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 300
            """, cancellationToken);
        _logger.LogInformation("Private PostgreSQL cluster created");
    }

    private async Task<int?> FindRunningServerPortAsync(CancellationToken cancellationToken)
    {
        var status = await _runner.RunAsync(_binaries!.PgCtl, ["status", "-D", ClusterDirectory], cancellationToken);
        if (status.ExitCode != 0)
        {
            return null;
        }

        // postmaster.pid: line 4 is the port the running server listens on.
        var lines = await File.ReadAllLinesAsync(Path.Combine(ClusterDirectory, "postmaster.pid"), cancellationToken);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        if (!IsPortFree(Port))
        {
            throw new EmbeddedPostgresException(
                $"Cannot start the private PostgreSQL: port {Port} on 127.0.0.1 is already in use by another program. " +
                $"Choose another port with EmbeddedPostgres:Port (environment variable EmbeddedPostgres__Port), " +
                "or point LoyaltyGrid at an existing server with ConnectionStrings__LoyaltyGrid.");
        }

        _logger.LogInformation("Starting private PostgreSQL from {Directory} on 127.0.0.1:{Port}", ClusterDirectory, Port);
        var timeoutSeconds = ((int)_options.StartTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await _runner.RunAsync(_binaries!.PgCtl,
        [
            "start", "-D", ClusterDirectory, "-l", ServerLog, "-w", "-t", timeoutSeconds,
            "-o", $"-p {Port}",
        ], cancellationToken);
        if (result.ExitCode != 0)
        {
            var log = File.Exists(ServerLog) ? string.Join('\n', (await File.ReadAllLinesAsync(ServerLog, cancellationToken)).TakeLast(15)) : "";
            throw new EmbeddedPostgresException(
                $"The private PostgreSQL did not start (pg_ctl exit code {result.ExitCode}): {result.Output.Trim()}\n{log}");
        }

        _logger.LogInformation("Private PostgreSQL is running on 127.0.0.1:{Port}", Port);
    }

    private bool IsOwnerAlive()
    {
        if (!File.Exists(OwnerFile) || !int.TryParse(File.ReadAllText(OwnerFile).Trim(), out var ownerId))
        {
            return false;
        }

        return IsProcessRunning(ownerId);
    }

    /// <summary>Whether a process with this id runs on this machine now.</summary>
    public static bool IsProcessRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Whether nothing listens on the loopback TCP <paramref name="port"/> right now.</summary>
    public static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task WaitUntilAcceptingConnectionsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private async Task EnsureDatabaseAsync(string adminConnectionString, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        _logger.LogInformation("Creating database {Database}", database);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another process created it between our check and our create: the outcome we wanted.
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
