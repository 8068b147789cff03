using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Postgres.Tests;

/// <summary>Where a configuration-free server keeps its PostgreSQL and keys: never beside the source.</summary>
public sealed class DataDirectoryTests
{
    [Theory]
    [InlineData("/data/alice", false, "/data/alice/loyaltygrid")]
    [InlineData("/data/alice", true, "/data/alice/loyaltygrid")]
    [InlineData(null, false, "/home/alice/.local/share/loyaltygrid")]
    [InlineData("", false, "/home/alice/.local/share/loyaltygrid")]
    // The XDG convention calls a relative XDG_DATA_HOME invalid; it would land in the working directory.
    [InlineData("relative/share", false, "/home/alice/.local/share/loyaltygrid")]
    // As root, PostgreSQL runs as 'postgres', who cannot enter root's private home.
    [InlineData(null, true, "/var/lib/loyaltygrid")]
    public void The_default_is_the_users_data_folder(string? xdgDataHome, bool privileged, string expected) =>
        Assert.Equal(expected, EmbeddedPostgresOptions.UserDataDirectory(xdgDataHome, "/home/alice", privileged));

    [Fact]
    public void An_unconfigured_server_keeps_its_data_outside_the_checkout()
    {
        var directory = new EmbeddedPostgresOptions().DataDirectory;

        Assert.True(Path.IsPathRooted(directory), directory);
        Assert.Equal("loyaltygrid", Path.GetFileName(directory));
        Assert.False(directory.StartsWith(Repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{directory} is inside the checkout {Repository.Root}");
    }
}
