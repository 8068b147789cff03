using System.Globalization;
using LoyaltyGrid.Postgres.Embedded;

namespace LoyaltyGrid.Testing;

/// <summary>
/// The temporary folders tests keep PostgreSQL data in, named after the test process
/// (<c>loyaltygrid-tests-{pid}…</c>). A test process deletes its own when it exits, but not when
/// the test host is killed first, as it can be at the end of a run: a full run left ~40 folders
/// and 5 GB behind. So the first PostgreSQL a test process starts deletes the folders of test
/// processes that no longer run, except where a PostgreSQL server still runs on one.
/// </summary>
public static class TestTempFolders
{
    private const string Prefix = "loyaltygrid-tests-";

    /// <summary>A folder of this process: <c>loyaltygrid-tests-{pid}{suffix}</c> in the temporary folder.</summary>
    public static string OfThisProcess(string suffix) =>
        Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}{suffix}");

    public static void DeleteAbandoned()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var owner = Path.GetFileName(folder)[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || EmbeddedPostgres.IsProcessRunning(pid) || HoldsRunningPostgres(folder))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another test process may be deleting it too; what is left goes next time.
            }
        }
    }

    private static bool HoldsRunningPostgres(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "postmaster.pid", SearchOption.AllDirectories)
                .Any(file => int.TryParse(File.ReadLines(file).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && EmbeddedPostgres.IsProcessRunning(pid));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
