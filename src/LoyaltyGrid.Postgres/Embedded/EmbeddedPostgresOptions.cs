namespace LoyaltyGrid.Postgres.Embedded;

/// <summary>
/// Where and how the private PostgreSQL of a configuration-free start lives
/// (configuration section <c>EmbeddedPostgres</c>).
/// </summary>
public sealed record EmbeddedPostgresOptions
{
    public const string SectionName = "EmbeddedPostgres";

    /// <summary>
    /// The folder the server owns: its PostgreSQL cluster and, in Development, its generated keys.
    /// By default the user's data folder (<see cref="UserDataDirectory"/>), so that
    /// <c>dotnet run</c> leaves the source tree as it found it; relative paths are under the
    /// working directory.
    /// </summary>
    public string DataDirectory { get; set; } = UserDataDirectory(
        Environment.GetEnvironmentVariable("XDG_DATA_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.IsPrivilegedProcess);

    /// <summary>Loopback port of the private server.</summary>
    public int Port { get; set; } = 55432;

    public string Database { get; set; } = "loyaltygrid";

    /// <summary>A folder holding initdb, pg_ctl and postgres; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>How long to wait for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>$XDG_DATA_HOME/loyaltygrid</c>, else <c>~/.local/share/loyaltygrid</c>, as the XDG base
    /// directory convention has it (a relative <c>XDG_DATA_HOME</c> is invalid and ignored). For
    /// root without <c>XDG_DATA_HOME</c> it is <c>/var/lib/loyaltygrid</c>: PostgreSQL then runs
    /// as the <c>postgres</c> user, who cannot reach anything under root's private home.
    /// </summary>
    public static string UserDataDirectory(string? xdgDataHome, string home, bool privileged)
    {
        ArgumentNullException.ThrowIfNull(home);
        if (!string.IsNullOrEmpty(xdgDataHome) && Path.IsPathRooted(xdgDataHome))
        {
            return Path.Combine(xdgDataHome, "loyaltygrid");
        }

        return privileged ? Path.Combine("/var", "lib", "loyaltygrid") : Path.Combine(home, ".local", "share", "loyaltygrid");
    }
}
