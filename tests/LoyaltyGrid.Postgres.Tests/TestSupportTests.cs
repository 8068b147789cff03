using System.Diagnostics;
using LoyaltyGrid.Postgres.Embedded;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Postgres.Tests;

/// <summary>
/// What every test process relies on from <c>LoyaltyGrid.Testing</c>: ports that no outgoing
/// connection can take before a server binds them, and the temporary folders of killed test
/// processes cleared away without touching those of running ones.
/// </summary>
public sealed class TestSupportTests
{
    [Fact]
    public void Free_ports_lie_below_the_ephemeral_range_are_free_and_are_not_handed_out_twice()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0]);

        var range = TestPostgres.FreePorts(3);
        var singles = Enumerable.Range(0, 20).Select(_ => TestPostgres.FreePort()).ToList();

        var all = Enumerable.Range(range, 3).Concat(singles).ToList();
        Assert.All(all, port => Assert.InRange(port, 1024, ephemeralStart - 1));
        Assert.All(all, port => Assert.True(EmbeddedPostgres.IsPortFree(port), $"port {port} is in use"));
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task Folders_of_test_processes_that_ended_are_deleted_and_those_of_running_ones_kept()
    {
        using var ended = Process.Start("true")!;
        await ended.WaitForExitAsync();
        var abandoned = Path.Combine(Path.GetTempPath(), $"loyaltygrid-tests-{ended.Id}-{Guid.NewGuid():N}");
        var running = TestTempFolders.OfThisProcess($"-{Guid.NewGuid():N}");
        foreach (var folder in new[] { abandoned, running })
        {
            Directory.CreateDirectory(Path.Combine(folder, "postgres"));
            await File.WriteAllTextAsync(Path.Combine(folder, "postgres", "PG_VERSION"), "15");
        }

        try
        {
            TestTempFolders.DeleteAbandoned();

            Assert.False(Directory.Exists(abandoned));
            Assert.True(Directory.Exists(running));
        }
        finally
        {
            Directory.Delete(running, recursive: true);
        }
    }
}
