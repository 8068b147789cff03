using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Server.Tests;

/// <summary>
/// At the default level the log is the start-up story and a periodic request count, so the
/// banner with the URLs and keys stays on screen however busy the server is.
/// </summary>
public sealed class QuietLogTests
{
    [Fact]
    public async Task Requests_are_counted_in_a_periodic_summary_not_logged_one_by_one()
    {
        var connectionString = await TestPostgres.CreateMigratedDatabaseAsync("quietlog");
        await using var server = ServerProcess.Configure()
            .WithDatabase(connectionString)
            .With("Observability__RequestSummaryInterval", "00:00:01")
            .Start();
        await server.WaitUntilReadyAsync();

        foreach (var path in new[] { "/", "/api", "/no-such-page", "/healthz" })
        {
            using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!server.Output.Contains("HTTP: 3 requests", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        // The probe is left out of the count: a probed server would otherwise never be quiet.
        Assert.Contains("HTTP: 3 requests in the last 00:00:01: 2 1xx/2xx, 0 3xx, 1 4xx, 0 5xx", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" answered ", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_start_on_a_machine_and_a_restart_on_the_embedded_default_log_no_warnings_and_name_each_step()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"lg-quiet-{Guid.NewGuid():N}");
        // An empty home too: what a machine keeps there from earlier runs (ASP.NET Core's Data
        // Protection keys under ~/.aspnet, say) would hide what the very first start logs.
        var home = Path.Combine(Path.GetTempPath(), $"lg-quiet-home-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["EmbeddedPostgres__DataDirectory"] = dataDirectory,
            ["EmbeddedPostgres__Port"] = TestPostgres.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        try
        {
            var first = ServerProcess.Start(environment);
            await first.WaitUntilReadyAsync();
            await first.StopGracefullyAsync();
            await first.DisposeAsync();
            await using var second = ServerProcess.Restart(first, environment);
            await second.WaitUntilReadyAsync();

            foreach (var output in new[] { first.Output, second.Output })
            {
                var warnings = output.Split('\n').Where(line => line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal)).ToList();
                Assert.True(warnings.Count == 0, "A clean start logged:\n" + string.Join('\n', warnings));
                Assert.Contains($"data folder {dataDirectory}", output, StringComparison.Ordinal);
                Assert.Contains("Checking the database schema", output, StringComparison.Ordinal);
                Assert.Contains("Starting the Orleans silo", output, StringComparison.Ordinal);
            }

            // The Data Protection key the first start made is in the data folder, where the
            // restart found it rather than making another; nothing was written into the home folder.
            var keys = Path.Combine(dataDirectory, "data-protection-keys");
            Assert.True(Directory.Exists(keys), $"no {keys}");
            Assert.Single(Directory.GetFiles(keys, "key-*.xml"));
            Assert.Empty(Directory.EnumerateFileSystemEntries(home));
        }
        finally
        {
            foreach (var directory in new[] { dataDirectory, home })
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }
}
