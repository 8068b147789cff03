namespace LoyaltyGrid.Postgres.Embedded;

/// <summary>
/// Where and how the private PostgreSQL of a configuration-free start lives
/// (configuration section <c>EmbeddedPostgres</c>).
/// </summary>
public sealed record EmbeddedPostgresOptions
{
    public const string SectionName = "EmbeddedPostgres";

    /// <summary>The folder the server owns; relative paths are under the working directory.</summary>
    public string DataDirectory { get; set; } = "loyaltygrid-data";

    /// <summary>Loopback port of the private server.</summary>
    public int Port { get; set; } = 55432;

    public string Database { get; set; } = "loyaltygrid";

    /// <summary>A folder holding initdb, pg_ctl and postgres; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
